package io.dbdock.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the packaged `dbdock` jar as a user would, on a test data root and the stand-in images. */
final class CliRunner {
    record Run(int code, String out, String err) {
    }

    private final Path jar;
    private final Path dataRoot;
    /** Set in every command's environment (a null value removes the variable). */
    private final java.util.Map<String, String> env;

    CliRunner(Path dataRoot) {
        this(dataRoot, java.util.Map.of());
    }

    CliRunner(Path dataRoot, java.util.Map<String, String> env) {
        this(dataRoot, env, List.of());
    }

    /** {@code javaOptions}: before -jar, e.g. -Duser.home=... for a test's own ~/.ssh and ~/.docker. */
    CliRunner(Path dataRoot, java.util.Map<String, String> env, List<String> javaOptions) {
        this.jar = Path.of(System.getProperty("dbdock.jar", "target/dbdock.jar")).toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "run `mvn package` first: " + jar);
        this.dataRoot = dataRoot;
        this.env = env;
        this.javaOptions = javaOptions;
    }

    private final List<String> javaOptions;

    /** The command as it runs (for one kept running by the test, such as a tunnel). */
    ProcessBuilder command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(javaOptions);
        cmd.addAll(List.of("-jar", jar.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("DBDOCK_HOME", dataRoot.toString());
        pb.environment().put("DBDOCK_IMAGE_PREFIX", Requirements.IMAGE_PREFIX);
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        return pb;
    }

    /** Runs one command with the given standard input (null: none) and waits up to two minutes. */
    Run run(String stdin, String... args) throws Exception {
        return runIn(null, stdin, args);
    }

    /** As {@link #run}, in the given working folder (null: this process's). */
    Run runIn(Path folder, String stdin, String... args) throws Exception {
        ProcessBuilder pb = command(args);
        if (folder != null) {
            pb.directory(folder.toFile());
        }
        Path err = Files.createTempFile("dbdock-err", ".txt");
        Path out = Files.createTempFile("dbdock-out", ".txt");
        pb.redirectError(err.toFile());
        // Output to a file, not a pipe: a command that hangs fails the test after the deadline instead of blocking it.
        pb.redirectOutput(out.toFile());
        Process p = pb.start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        boolean finished = p.waitFor(120, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        Run run = new Run(finished ? p.exitValue() : -1, Files.readString(out), Files.readString(err));
        Files.delete(err);
        Files.delete(out);
        assertTrue(finished, "dbdock " + String.join(" ", args) + " did not finish in 120 s; it said: " + run.out() + run.err());
        return run;
    }
}
