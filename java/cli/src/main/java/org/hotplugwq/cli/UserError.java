package org.hotplugwq.cli;

/** A failure the user caused and can fix: printed as one line on stderr, exit code 1, no stack trace. */
public final class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }
}
