package org.hotplugwq.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import org.hotplugwq.cpu.AffinityException;
import org.hotplugwq.hotplug.HotplugRefusedException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The one error path of every command: a message of one line on the command's stderr (picocli's, which tests
 * redirect), prefixed by the command's name. A bad command line or a refusal at run time (missing sysfs,
 * permissions, a CPU that is not hotpluggable, …) exits {@link ExitCodes#REFUSED}: nothing was changed. A
 * {@link CommandFailed} exits {@link ExitCodes#FAILED}. Anything else is a bug and keeps its stack trace.
 */
final class CliErrors implements IParameterExceptionHandler, IExecutionExceptionHandler {

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        String name = cmd.getCommandSpec().qualifiedName();
        print(cmd, ex.getMessage() + " (see '" + name + " --help')");
        return ExitCodes.REFUSED;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) throws Exception {
        if (ex instanceof CommandFailed) {
            print(cmd, ex.getMessage());
            return ExitCodes.FAILED;
        }
        if (isRefusal(ex)) {
            print(cmd, ex.getMessage());
            return ExitCodes.REFUSED;
        }
        throw ex;
    }

    static boolean isRefusal(Exception ex) {
        return ex instanceof UserError || ex instanceof HotplugRefusedException
                || ex instanceof UncheckedIOException || ex instanceof AffinityException
                || ex instanceof UnsupportedOperationException || ex instanceof IllegalArgumentException;
    }

    private static void print(CommandLine cmd, String message) {
        PrintWriter err = cmd.getErr();
        String text = message == null ? "failed" : String.join("; ", message.strip().split("\\R+"));
        err.println(cmd.getCommandSpec().qualifiedName() + ": " + text);
        err.flush();
    }
}
