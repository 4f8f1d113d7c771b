package io.sphaera.emulator.cli;

import java.lang.reflect.Constructor;
import picocli.CommandLine;

/**
 * Runs one command line and turns every outcome into an exit code and at most one line on stderr: usage errors
 * exit 2, invalid input 3, failed verification 4, bugs 1. Stack traces only with --verbose.
 */
public final class SphaeraCli {
    private final CliContext context;

    public SphaeraCli(CliContext context) {
        this.context = context;
    }

    public int run(String... args) {
        SphaeraCommand root = new SphaeraCommand();
        CommandLine cli = new CommandLine(root, new ContextFactory(context));
        cli.setOut(context.out());
        cli.setErr(context.err());
        cli.setParameterExceptionHandler((e, a) -> {
            CommandLine failed = e.getCommandLine();
            context.err().println("sphaera: " + oneLine(e.getMessage()) + " (see '" + failed.getCommandSpec().qualifiedName()
                    + " --help')");
            context.err().flush();
            return ExitCode.USAGE;
        });
        cli.setExecutionExceptionHandler((e, failed, parsed) -> {
            boolean verbose = root.verbose();
            if (e instanceof CliFailure failure) {
                context.err().println("sphaera: " + oneLine(failure.getMessage()));
                if (verbose && failure.getCause() != null) {
                    failure.getCause().printStackTrace(context.err());
                }
                context.err().flush();
                return failure.exitCode();
            }
            context.err().println("sphaera: internal error: " + oneLine(String.valueOf(e))
                    + (verbose ? "" : " (run with --verbose for details)"));
            if (verbose) {
                e.printStackTrace(context.err());
            }
            context.err().flush();
            return ExitCode.INTERNAL;
        });
        int code = cli.execute(args);
        context.out().flush();
        context.err().flush();
        return code;
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }

    /** Builds commands, handing the context to those whose constructor takes it. */
    private record ContextFactory(CliContext context) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            for (Constructor<?> c : type.getDeclaredConstructors()) {
                if (c.getParameterCount() == 1 && c.getParameterTypes()[0] == CliContext.class) {
                    c.setAccessible(true);
                    return type.cast(c.newInstance(context));
                }
            }
            return CommandLine.defaultFactory().create(type);
        }
    }
}
