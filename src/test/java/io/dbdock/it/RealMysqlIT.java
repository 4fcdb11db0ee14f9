package io.dbdock.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real MySQL (9.x, from Debian) from scratch through the command line, as a user would: its own
 * initialisation under the official entrypoint's contract, root on caching_sha2_password, Ready
 * only once dbdock's probe logged in that way, and every connection string dbdock prints opens
 * it with MySQL's own driver or client. (The window's Copy URI: MainWindowIT.)
 */
@RequiresDocker
class RealMysqlIT {
    @RegisterExtension
    final TestInstances t = new TestInstances();

    @Test
    void mysqlFromScratchLogsInWithEveryConnectionStringDbdockPrints(@TempDir Path dir) throws Exception {
        CliRunner cli = new CliRunner(t.root.path());
        String name = t.name("mysql9");
        // A password with the characters that need care in a URI, in SQL and in a shell (not ' or \: MySQL's image refuses those).
        String password = "p@ss:w/rd?&%# \"$x`";
        CliRunner.Run create = cli.run(password + "\n", "create", "--engine", "mysql", "--version", "9", "--name", name, "--password-stdin");
        assertEquals(0, create.code(), create.out() + create.err());
        assertTrue(create.out().contains(": Ready"), "Ready came from the probe's own login: " + create.out());

        String uri = cli.run(null, "url", name).out().trim();
        assertTrue(uri.startsWith("mysql://root:"), uri);
        // MySQL Connector/J reads the URI as it is, user and password in it, after "jdbc:".
        try (Connection c = DriverManager.getConnection("jdbc:" + uri)) {
            assertEquals("caching_sha2_password", scalar(c, "SELECT plugin FROM mysql.user WHERE user = 'root' AND host = '%'"));
            assertTrue(scalar(c, "SELECT VERSION()").startsWith("9."), "real MySQL 9 answers");
            assertEquals("app", scalar(c, "SELECT DATABASE()"), "the URI opens the instance's database");
        }
        String jdbc = cli.run(null, "url", name, "--format", "jdbc").out().trim();
        try (Connection c = DriverManager.getConnection(jdbc)) {
            assertEquals("root@%", scalar(c, "SELECT CURRENT_USER()").replace("'", ""));
        }
        URI parsed = URI.create(uri);
        assertEquals(password, java.net.URLDecoder.decode(parsed.getRawUserInfo().split(":", 2)[1].replace("+", "%2B"),
                StandardCharsets.UTF_8), "the URI carries the password exactly");

        // The env lines, exported by a shell, log MySQL's own client in (inside the instance's image): MYSQL_PWD.
        Path env = dir.resolve("mysql.env");
        Files.writeString(env, cli.run(null, "url", name, "--format", "env").out());
        String image = Requirements.IMAGE_PREFIX + "mysql:9";
        String answer = Docker.run("run", "--rm", "--network", "host", "-v", env + ":/app.env:ro", "--entrypoint", "sh", image, "-c",
                "set -a && . /app.env && set +a && mysql -h \"$MYSQL_HOST\" -P \"$MYSQL_TCP_PORT\" -u \"$MYSQL_USER\" -N -e 'SELECT 42' \"$MYSQL_DATABASE\"");
        assertEquals("42", answer.lines().reduce((a, b) -> b).orElse(""), answer);
    }

    private static String scalar(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
