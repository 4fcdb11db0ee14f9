package io.dbdock.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** An init file's failure as the clients report it, turned into the line and the server's words. */
class InitScriptsTest {
    @Test
    void psqlNamesTheLineOfItsInput() {
        assertEquals("line 3: ERROR: relation \"users\" does not exist", InitScripts.sqlProblem(
                List.of("psql:<stdin>:3: ERROR:  relation \"users\" does not exist", "LINE 1: insert into users values (1);"), 3));
    }

    @Test
    void mysqlAndMariadbNameTheLineAfterTheirErrorCode() {
        assertEquals("line 2: ERROR 1064 (42000): You have an error in your SQL syntax; check the manual",
                InitScripts.sqlProblem(List.of("ERROR 1064 (42000) at line 2: You have an error in your SQL syntax; check the manual"), 1));
        assertEquals("line 7: ERROR 1146 (42S02): Table 'app.x' doesn't exist",
                InitScripts.sqlProblem(List.of("ERROR 1146 (42S02) at line 7 in file: 'stdin': Table 'app.x' doesn't exist"), 1));
    }

    @Test
    void withoutALineTheClientsLastWordsAreShown() {
        assertEquals("failed: mongosh: SyntaxError: Unexpected token (1:4)", InitScripts.sqlProblem(
                List.of("", "mongosh: SyntaxError: Unexpected token (1:4)", " "), 1));
        assertEquals("failed (the client ended with status 137).", InitScripts.sqlProblem(List.of(), 137));
        assertEquals("failed: ERROR:  relation \"missing\" does not exist", InitScripts.sqlProblem(
                List.of("ERROR:  relation \"missing\" does not exist", "LINE 1: INSERT INTO missing VALUES (1);", "   ^"), 3),
                "the error line, not the caret under the statement");
    }

    @Test
    void redisErrorsBelongToTheLineWhoseEchoCameBefore() {
        String out = String.join("\n", "\"dbdock-init-line-1\"", "OK", "\"dbdock-init-line-3\"",
                "(error) ERR unknown command 'FOO', with args beginning with: 'bar'", "\"dbdock-init-line-4\"", "\"1\"");
        assertEquals(Optional.of("line 3: ERR unknown command 'FOO', with args beginning with: 'bar'"), InitScripts.redisProblem(out));
        assertEquals(Optional.empty(), InitScripts.redisProblem("\"dbdock-init-line-1\"\nOK\n\"(error) not an error, a value\"\n"));
    }

    @Test
    void theClientIsQuotedWordByWordForTheShellThatFeedsIt() {
        assertEquals("'psql' '-X' '-v' 'ON_ERROR_STOP=1'", InitScripts.shellWords(List.of("psql", "-X", "-v", "ON_ERROR_STOP=1")));
        assertEquals("'sh' '-c' 'exec mysql -u'\\''root'\\'''", InitScripts.shellWords(List.of("sh", "-c", "exec mysql -u'root'")));
    }
}
