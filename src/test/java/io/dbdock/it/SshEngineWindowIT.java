package io.dbdock.it;

import static io.dbdock.it.WindowSupport.onFx;
import static io.dbdock.it.WindowSupport.screenshot;
import static io.dbdock.it.WindowSupport.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dbdock.docker.DockerConnection;
import io.dbdock.instance.CreateRequest;
import io.dbdock.instance.InstanceState;
import io.dbdock.model.EngineChoice;
import io.dbdock.ui.DesktopApp;
import io.dbdock.ui.main.InstanceItem;
import java.net.URI;
import java.util.List;
import java.util.Map;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import redis.clients.jedis.Jedis;

/**
 * The window on an engine reached over SSH ({@link SshDockerHost}): its instance turns Ready only
 * through the tunnel the window opens (its port exists on the other machine alone), Copy URI's
 * address works from here, and an instance of this machine's engine is listed beside it with a
 * Context column saying where each lives.
 */
@RequiresDocker
@RequiresDisplay
class SshEngineWindowIT {
    private static SshDockerHost host;
    private static TestInstances t;
    private static DesktopApp app;
    private static String home;
    private static String remote;
    private final FxRobot robot = new FxRobot();

    @BeforeAll
    static void launch() throws Exception {
        Requirements.requireDisplay();
        host = SshDockerHost.start();
        host.loadImages(Requirements.IMAGE_PREFIX + "redis:8");
        WindowSupport.run("docker", "--config", host.home.resolve(".docker").toString(), "context", "create", "it-ssh",
                "--docker", "host=ssh://root@" + SshDockerHost.ADDRESS);
        t = new TestInstances();
        t.create(CreateRequest.of("redis").withName(t.name("on-laptop")));
        remote = t.name("on-box");
        CliRunner cli = new CliRunner(t.root.path(), Map.of(), List.of("-Duser.home=" + host.home));
        CliRunner.Run made = cli.run(null, "--context", "it-ssh", "create", "--engine", "redis", "--name", remote);
        assertEquals(0, made.code(), made.out() + made.err());
        // The window of a user whose ~/.ssh and ~/.docker are the test's, on the ssh context, who has not
        // remembered the machine's host key yet.
        host.trustHostKey(null);
        home = System.getProperty("user.home");
        System.setProperty("user.home", host.home.toString());
        app = WindowSupport.launchDesktop(t, () -> DockerConnection.toEngine(new EngineChoice("it-ssh", false)));
    }

    @AfterAll
    static void close() throws Exception {
        if (app != null) {
            FxToolkit.cleanupApplication(app);
            FxToolkit.cleanupStages();
        }
        if (home != null) {
            System.setProperty("user.home", home);
        }
        if (t != null && host != null) {
            // Through its own engine: from this machine's, deleting it is refused (it lives elsewhere), and the
            // cleanup would stop there, leaving this machine's instance behind too.
            host.trustHostKey(host.hostKey);
            new CliRunner(t.root.path(), Map.of(), List.of("-Duser.home=" + host.home))
                    .run(null, "--context", "it-ssh", "rm", remote, "--delete-data", "--yes");
        }
        if (t != null) {
            t.close();
        }
        if (host != null) {
            host.close();
        }
    }

    private static InstanceItem item(String name) {
        return app.viewModel().items().stream().filter(i -> i.nameProperty().get().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void theRemoteInstanceIsReadyThroughTheWindowsTunnelBesideTheLocalOne() throws Exception {
        // First the host key: shown with its fingerprint, trusted with a button after a confirmation.
        waitUntil("the unknown host key is offered to trust", 30_000,
                () -> robot.lookup("#docker-down").query().isVisible() && robot.lookup("#trust-key-button").query().isVisible());
        String problem = onFx(() -> robot.lookup("#docker-problem").queryAs(javafx.scene.control.Label.class).getText());
        assertTrue(problem.contains("is not known on this computer") && problem.contains("SHA256:"), problem);
        assertFalse(problem.contains("ssh "), "no command to type in the window: " + problem);
        screenshot(robot, "ssh-engine-unknown-host-key");
        robot.clickOn("#trust-key-button");
        waitUntil("the confirmation shows", 5_000, () -> robot.lookup("#trust-key-confirm").tryQuery().isPresent());
        screenshot(robot, "ssh-engine-trust-key-confirmation");
        robot.clickOn("#trust-key-confirm");
        waitUntil("the host key is in known_hosts", 10_000, () -> java.nio.file.Files.readString(
                host.home.resolve(".ssh/known_hosts")).contains(host.hostKey));

        waitUntil("the instance on the SSH engine is Ready in the window", 30_000,
                () -> app.viewModel().items().size() == 2 && item(remote).state() == InstanceState.READY);
        InstanceItem local = item(t.name("on-laptop"));
        assertEquals(InstanceState.ELSEWHERE, local.state(), "this machine's instance is on another engine for this window");
        assertEquals("it-ssh", item(remote).contextProperty().get());
        assertEquals("default", local.contextProperty().get());

        @SuppressWarnings("unchecked")
        TreeTableView<Object> table = robot.lookup("#instance-table").queryAs(TreeTableView.class);
        boolean columnShown = onFx(() -> table.getColumns().stream().anyMatch(c -> "Context".equals(c.getText()) && c.isVisible()));
        assertTrue(columnShown, "two engines' instances: the Context column shows");
        TreeTableColumn<Object, ?> stateColumn = onFx(() -> table.getColumns().stream().filter(c -> "State".equals(c.getText()))
                .findFirst().orElseThrow());
        assertTrue(onFx(stateColumn::getWidth) > 100, "and the State column still has room");

        // What Copy URI copies: the tunnel's address on this computer, which answers with the remote server.
        URI uri = URI.create(app.viewModel().service().connection(item(remote).record()).uri());
        assertEquals("127.0.0.1", uri.getHost());
        try (Jedis jedis = new Jedis(uri)) {
            assertEquals("PONG", jedis.ping());
        }
        screenshot(robot, "ssh-engine-window");
    }
}
