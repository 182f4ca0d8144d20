package io.enrolgate.cli;

import picocli.CommandLine;

/**
 * Turns the exceptions that mean "your input is wrong" into one line on stderr and exit status 2, instead
 * of a stack trace; anything else is a bug and keeps its stack trace.
 */
final class UserErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception exception, CommandLine commandLine,
            CommandLine.ParseResult parseResult) throws Exception {
        if (exception instanceof UserInputException || exception instanceof IllegalArgumentException) {
            commandLine.getErr().println(commandLine.getColorScheme()
                    .errorText(commandLine.getCommandSpec().qualifiedName() + ": " + exception.getMessage()));
            return exception instanceof UserInputException user ? user.exitStatus() : ExitStatus.BAD_INPUT;
        }
        throw exception;
    }
}
