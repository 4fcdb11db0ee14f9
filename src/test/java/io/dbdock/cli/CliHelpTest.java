package io.dbdock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dbdock.common.DataRoot;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Help that works everywhere, and usage errors in one plain line: no Docker needed. */
class CliHelpTest {
    @TempDir
    Path home;

    private record Result(int code, String out, String err) {
    }

    private Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Terminal t = new Terminal(new PrintWriter(out, true), new PrintWriter(err, true), new ByteArrayInputStream(new byte[0]), false);
        return new Result(Cli.run(new DataRoot(home), t, args), out.toString(), err.toString());
    }

    private CliContext context() {
        return new CliContext(new DataRoot(home), new Terminal(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                new ByteArrayInputStream(new byte[0]), false));
    }

    /** Every command and subcommand, as a user types it ("storage rm"), from the command tree itself. */
    private List<List<String>> everyCommand() {
        List<List<String>> all = new ArrayList<>();
        walk(Cli.commandLine(context()), new ArrayList<>(), all);
        return all;
    }

    private static void walk(CommandLine cmd, List<String> path, List<List<String>> all) {
        for (var e : cmd.getSubcommands().entrySet()) {
            if (e.getKey().equals("help") || !e.getValue().getCommandName().equals(e.getKey())) {
                continue; // the help command itself, and aliases
            }
            List<String> here = new ArrayList<>(path);
            here.add(e.getKey());
            all.add(here);
            walk(e.getValue(), here, all);
        }
    }

    @Test
    void everyCommandAnswersHelpAndHelpCmdWithItsUsage() {
        List<List<String>> commands = everyCommand();
        assertTrue(commands.size() >= 20, "the tree: " + commands);
        List<String> wrong = new ArrayList<>();
        for (List<String> c : commands) {
            for (List<String> asked : List.of(with(c, "--help"), with(c, "-h"), with(List.of("help"), c))) {
                Result r = run(asked.toArray(String[]::new));
                if (r.code() != 0 || !r.out().startsWith("Usage: dbdock " + String.join(" ", c)) || !r.err().isEmpty()) {
                    wrong.add(String.join(" ", asked) + " -> exit " + r.code() + ", out " + r.out().lines().findFirst().orElse("")
                            + ", err " + r.err());
                }
            }
        }
        assertEquals(List.of(), wrong);
        Result top = run("help");
        assertEquals(0, top.code());
        assertTrue(top.out().contains("Exit codes:") && top.out().contains("create"), top.out());
    }

    @Test
    void everyOptionAndParameterIsDescribed() {
        List<String> bare = new ArrayList<>();
        for (List<String> c : everyCommand()) {
            CommandLine cmd = Cli.commandLine(context());
            for (String part : c) {
                cmd = cmd.getSubcommands().get(part);
            }
            for (var option : cmd.getCommandSpec().options()) {
                if (String.join("", option.description()).isBlank()) {
                    bare.add(String.join(" ", c) + " " + option.longestName());
                }
            }
            for (var parameter : cmd.getCommandSpec().positionalParameters()) {
                if (String.join("", parameter.description()).isBlank()) {
                    bare.add(String.join(" ", c) + " " + parameter.paramLabel());
                }
            }
        }
        assertEquals(List.of(), bare, "options and parameters without a description");
    }

    private static List<String> with(List<String> a, String... more) {
        List<String> l = new ArrayList<>(a);
        l.addAll(List.of(more));
        return l;
    }

    private static List<String> with(List<String> a, List<String> b) {
        List<String> l = new ArrayList<>(a);
        l.addAll(b);
        return l;
    }

    /** One line that says what is wrong, one that says where the help is; exit 2; never the whole usage. */
    private void assertUsageError(Result r, String says, String helpFor) {
        assertEquals(2, r.code(), r.err());
        List<String> lines = r.err().lines().toList();
        assertEquals(2, lines.size(), r.err());
        assertTrue(lines.get(0).startsWith("dbdock: ") && lines.get(0).contains(says), lines.get(0));
        assertEquals("See '" + helpFor + " --help'.", lines.get(1));
        assertFalse(r.err().contains("Usage:") || r.out().contains("Usage:"), "no usage dump");
    }

    @Test
    void usageErrorsAreOnePlainLineWithAHint() {
        assertUsageError(run("lst"), "'lst' is not a dbdock command. Did you mean list?", "dbdock");
        assertUsageError(run("create", "--engine", "redis", "--port", "abc"), "The port must be a number from 1024 to 65535.",
                "dbdock create");
        assertUsageError(run("create", "--engine", "redis", "--port", "80"), "1024", "dbdock create");
        assertUsageError(run("create"), "missing '--engine=ENGINE'", "dbdock create");
        assertUsageError(run("logs", "x", "--tail", "many"), "'many' is not a whole number", "dbdock logs");
        assertUsageError(run("list", "--colour"), "'--colour' is not an option or argument of dbdock list", "dbdock list");
        assertUsageError(run("restore"), "missing", "dbdock restore");
    }

    @Test
    void aMistypedEngineOrVersionGetsADidYouMean() {
        Result engine = run("create", "--engine", "postgress");
        assertEquals(2, engine.code());
        assertTrue(engine.err().startsWith("dbdock: Unknown engine 'postgress'. Did you mean postgres?"), engine.err());
        Result version = run("create", "--engine", "mariadb", "--version", "11.9");
        assertEquals(2, version.code());
        assertTrue(version.err().contains("Did you mean 11.8?"), version.err());
    }

    /** One JSON style for every --json: enum values in lower case, as `list --json` writes them. */
    @Test
    void storageEntriesUseTheSameJsonStyleAsEveryListing() throws Exception {
        var entry = new io.dbdock.model.StorageEntry("instances/a/data", io.dbdock.model.StorageEntry.Kind.FOLDER, "/x", 1,
                "a", io.dbdock.model.StorageEntry.Role.IN_USE, "redis", "8", false);
        var json = io.dbdock.common.Json.mapper().readTree(io.dbdock.common.Json.mapper().writeValueAsString(entry));
        assertEquals("folder", json.get("kind").asText());
        assertEquals("in_use", json.get("role").asText());
    }

    /**
     * Every command shows examples, and each example is a command line dbdock reads (parsed, not
     * run): help never teaches an option that is not there. Lines that pipe or substitute are shell, not dbdock, and skipped.
     */
    @Test
    void everyCommandHasExamplesThatParse() {
        List<String> wrong = new ArrayList<>();
        int parsed = 0;
        for (List<String> c : everyCommand()) {
            CommandLine cmd = Cli.commandLine(context());
            for (String word : c) {
                cmd = cmd.getSubcommands().get(word);
            }
            String[] footer = cmd.getCommandSpec().usageMessage().footer();
            if (footer.length == 0) {
                wrong.add(String.join(" ", c) + ": no examples");
            }
            for (String line : footer) {
                String example = line.strip().split(" {2,}")[0]; // what follows two spaces is a comment
                if (!example.startsWith("dbdock ") || example.matches(".*[|<>$].*")) {
                    continue;
                }
                List<String> words = new ArrayList<>();
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("'([^']*)'|(\\S+)").matcher(example.substring("dbdock ".length()));
                while (m.find()) {
                    words.add(m.group(1) != null ? m.group(1) : m.group(2));
                }
                try {
                    Cli.commandLine(context()).parseArgs(words.toArray(String[]::new));
                    parsed++;
                } catch (CommandLine.ParameterException e) {
                    wrong.add(example + ": " + e.getMessage());
                }
            }
        }
        assertEquals(List.of(), wrong);
        assertTrue(parsed >= 40, "examples read: " + parsed);
    }
}
