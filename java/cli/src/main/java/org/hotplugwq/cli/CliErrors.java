package org.hotplugwq.cli;

import java.io.UncheckedIOException;
import org.hotplugwq.cpu.AffinityException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Errors the user can cause become one line on stderr and exit {@link ExitCodes#REFUSED} (nothing was
 * changed): a bad command line, or a refusal at run time (missing sysfs, permissions, a CPU outside the
 * cpuset, …). Anything else is a bug and keeps its stack trace.
 */
final class CliErrors implements IParameterExceptionHandler, IExecutionExceptionHandler {

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + ex.getMessage()
                + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
        cmd.getErr().flush();
        return ExitCodes.REFUSED;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) throws Exception {
        if (ex instanceof UserError || ex instanceof UncheckedIOException || ex instanceof AffinityException
                || ex instanceof UnsupportedOperationException || ex instanceof IllegalArgumentException) {
            cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + ex.getMessage());
            cmd.getErr().flush();
            return ExitCodes.REFUSED;
        }
        throw ex;
    }
}
