package io.dbdock.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dbdock.backup.BackupInfo;
import io.dbdock.instance.CreateRequest;
import io.dbdock.model.InstanceRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * No password in any process's arguments while dbdock works with an instance: every process on
 * this machine (those in the containers included: they share the kernel) has its command line
 * read over and over while each operation runs, shell, backup, restore, password repair and an
 * upgrade (which counts rows), and none may hold the instance's password. Each operation must
 * also be seen at work (its tool's name in some command line), so a watch that looked away
 * cannot pass.
 */
@RequiresDocker
class ProcessArgumentsIT {
    @RegisterExtension
    final TestInstances t = new TestInstances();

    /** What each engine's operations run (one of these names is in a command line while they work). */
    private static final Map<String, List<String>> TOOLS = Map.of(
            "postgres", List.of("psql", "pg_dumpall"),
            "mysql", List.of("mysql", "mysqldump", "--init-file"),
            "mariadb", List.of("mariadb", "mariadb-dump", "--init-file"),
            "redis", List.of("redis-cli", "redis-server"),
            "mongo", List.of("mongosh", "mongodump", "mongorestore"));

    /** Something for the shell to do for a second, then leave (what a user would type). */
    private static final Map<String, String> SHELL_INPUT = Map.of(
            "postgres", "SELECT pg_sleep(1);\n\\q\n",
            "mysql", "SELECT SLEEP(1);\n",
            "mariadb", "SELECT SLEEP(1);\n",
            "redis", "BLPOP dbdock-nothing 1\n",
            "mongo", "sleep(1000)\nexit\n");

    /** One statement that takes a second, as `dbdock shell NAME -c` runs it. */
    private static final Map<String, String> STATEMENT = Map.of(
            "postgres", "SELECT pg_sleep(1)",
            "mysql", "SELECT SLEEP(1)",
            "mariadb", "SELECT SLEEP(1)",
            "redis", "BLPOP dbdock-nothing 1",
            "mongo", "sleep(1000)");

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({"postgres, 17, 18", "mysql, 8.4, 9", "mariadb, 10.11, 11.8", "redis, 7.4, 8", "mongo, 7.0, 8.0"})
    void noOperationPutsThePasswordInAnyProcessArguments(String engine, String from, String to) throws Exception {
        String name = t.name(engine + "-args");
        t.create(CreateRequest.of(engine).withVersion(from).withName(name));
        InstanceRecord r = t.record(name);
        String password = t.service.password(r);
        t.write(name, "row");
        List<String> tools = TOOLS.get(engine);
        List<String> report = new ArrayList<>();

        report.add(watch("shell", password, tools, () -> shell(r, SHELL_INPUT.get(engine))));
        report.add(watch("shell -c", password, tools, () -> assertEquals(0,
                t.service.runStatement(name, STATEMENT.get(engine), java.io.OutputStream.nullOutputStream(), line -> { }))));
        BackupInfo[] backup = {null};
        report.add(watch("backup", password, tools, () -> backup[0] = t.service.backup(name, null, p -> { })));
        report.add(watch("restore", password, tools, () -> t.service.restore(name, backup[0].file(), p -> { })));
        if (!engine.equals("redis") && !engine.equals("mongo")) { // nothing to repair there (see CredentialsDriftIT)
            report.add(watch("fix-password", password, tools, () -> t.service.fixPassword(name)));
        }
        report.add(watch("upgrade", password, tools, () -> t.service.upgrade(name, to, p -> { })));
        assertEquals(List.of("row"), t.read(name), "the data came through every step");
        System.out.println("PROCESS ARGUMENTS " + engine + ": " + String.join("; ", report));
    }

    /** The client command the window's Open shell runs, fed a little work on standard input. */
    private void shell(InstanceRecord r, String input) throws Exception {
        List<String> command = new ArrayList<>(t.service.shellCommand(r));
        command.set(command.indexOf("-it"), "-i"); // no terminal here
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the shell ends");
        assertEquals(0, p.exitValue(), "the shell logged in and ran: " + out);
    }

    private interface Step {
        void run() throws Exception;
    }

    /** Runs one operation while another thread reads every process's command line, again and again. */
    private String watch(String operation, String password, List<String> tools, Step step) throws Exception {
        Set<String> leaks = ConcurrentHashMap.newKeySet();
        Map<String, Integer> seen = new ConcurrentHashMap<>();
        long[] passes = {0};
        AtomicBoolean running = new AtomicBoolean(true);
        Thread reader = new Thread(() -> {
            while (running.get()) {
                for (String cmdline : commandLines()) {
                    if (cmdline.contains(password)) {
                        leaks.add(cmdline.replace(password, "<PASSWORD>"));
                    }
                    for (String tool : tools) {
                        if (cmdline.contains(tool)) {
                            seen.merge(tool, 1, Integer::sum);
                        }
                    }
                }
                passes[0]++;
            }
        }, "command-line-reader");
        reader.start();
        try {
            step.run();
        } finally {
            running.set(false);
            reader.join();
        }
        assertEquals(Set.of(), leaks, operation + ": the password was in these command lines");
        assertTrue(!seen.isEmpty(), operation + ": none of " + tools + " was seen at work in " + passes[0] + " reads of every process");
        return operation + " (" + passes[0] + " reads, saw " + seen + ")";
    }

    /** Every process's arguments, NUL-separated words joined by spaces. */
    private static List<String> commandLines() {
        List<String> lines = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path proc : procs) {
                try {
                    byte[] raw = Files.readAllBytes(proc.resolve("cmdline"));
                    lines.add(new String(raw, StandardCharsets.UTF_8).replace('\0', ' '));
                } catch (IOException gone) {
                    // The process ended between the listing and the read.
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return lines;
    }
}
