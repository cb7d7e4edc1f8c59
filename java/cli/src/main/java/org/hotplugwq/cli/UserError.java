package org.hotplugwq.cli;

/**
 * A refusal the user can fix, before anything changed: printed as one line on stderr, exit
 * {@link ExitCodes#REFUSED}, no stack trace (see {@link CliErrors}).
 */
public final class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }
}
