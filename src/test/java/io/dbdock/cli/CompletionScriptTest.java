package io.dbdock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The completion script the build writes (and `dbdock completion` prints), generated from the command tree. */
class CompletionScriptTest {
    @TempDir
    Path dir;

    private String generated() throws Exception {
        Path file = dir.resolve("completion/dbdock.bash");
        CompletionScript.main(new String[] {file.toString()});
        return Files.readString(file);
    }

    /** What bash offers for the words typed so far (the last one being completed). */
    private List<String> complete(Path script, String... words) throws Exception {
        String line = String.join(" ", words);
        String program = "source '" + script + "'; COMP_WORDS=(" + String.join(" ", words.length == 0 ? new String[] {"dbdock"}
                : java.util.Arrays.stream(words).map(w -> "'" + w + "'").toArray(String[]::new)) + "); COMP_CWORD="
                + (words.length - 1) + "; COMP_LINE='" + line + "'; COMP_POINT=" + line.length()
                + "; _complete_dbdock 2>/dev/null; printf '%s\\n' \"${COMPREPLY[@]}\"";
        Process p = new ProcessBuilder("bash", "-c", program).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out.lines().filter(l -> !l.isBlank()).sorted().toList();
    }

    @Test
    void theScriptNamesEveryCommandOfTheTree() throws Exception {
        String script = generated();
        assertTrue(script.contains("complete -F _complete_dbdock"), "registers itself for dbdock");
        // The top level's list of words: every command and alias of the tree, nothing else.
        java.util.regex.Matcher top = java.util.regex.Pattern.compile("local commands=\"([^\"]+)\"").matcher(script);
        assertTrue(top.find(), "a list of commands");
        java.util.Set<String> expected = new java.util.TreeSet<>();
        for (Class<?> c : DbdockCommand.COMMANDS) {
            picocli.CommandLine.Command command = c.getAnnotation(picocli.CommandLine.Command.class);
            expected.add(command.name());
            expected.addAll(List.of(command.aliases()));
        }
        assertEquals(expected, new java.util.TreeSet<>(List.of(top.group(1).split(" "))));
    }

    @Test
    void bashCompletesCommandsSubcommandsAndOptions() throws Exception {
        boolean bash = java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(d -> new File(d, "bash").canExecute());
        assumeTrue(bash, "no bash here");
        generated();
        Path script = dir.resolve("completion/dbdock.bash");
        assertEquals(List.of("shell"), complete(script, "dbdock", "sh"));
        assertEquals(List.of("restart", "restore"), complete(script, "dbdock", "rest"));
        assertEquals(List.of("list", "ls", "rm"), complete(script, "dbdock", "storage", ""));
        assertTrue(complete(script, "dbdock", "shell", "app", "--").contains("--command"));
    }
}
