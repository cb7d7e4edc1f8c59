package org.hotplugwq.cli;

/**
 * An operation failed after something had changed (a later CPU refused once an earlier one was offline, a
 * measurement broken off): one line on stderr, exit {@link ExitCodes#FAILED}. Refusals, where nothing
 * changed, are {@link UserError} (exit {@link ExitCodes#REFUSED}).
 */
final class CommandFailed extends RuntimeException {
    CommandFailed(String message) {
        super(message);
    }
}
