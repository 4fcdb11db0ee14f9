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
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
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
        try {
            if (t != null && host != null) {
                host.startSshd(); // a test that failed with it stopped
                // Through its own engine: from this machine's, deleting it is refused (it lives elsewhere).
                host.trustHostKey(host.hostKey);
                new CliRunner(t.root.path(), Map.of(), List.of("-Duser.home=" + host.home))
                        .run(null, "--context", "it-ssh", "rm", remote, "--delete-data", "--yes");
            }
        } finally {
            // Whatever failed above, this machine's instance goes (EngineLeftoversIT would find it).
            if (t != null) {
                t.close();
            }
            if (host != null) {
                host.close();
            }
        }
    }

    private static InstanceItem item(String name) {
        return app.viewModel().items().stream().filter(i -> i.nameProperty().get().equals(name)).findFirst().orElseThrow();
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void theRemoteInstanceIsReadyThroughTheWindowsTunnelBesideTheLocalOne() throws Exception {
        // First the host key: shown with its fingerprint, trusted with a button after a confirmation.
        waitUntil("the unknown host key is offered to trust", 30_000,
                () -> robot.lookup("#docker-down").query().isVisible() && robot.lookup("#trust-key-button").query().isVisible());
        String problem = onFx(() -> robot.lookup("#docker-problem").queryAs(javafx.scene.control.Label.class).getText());
        assertTrue(problem.contains("is not known on this computer") && problem.contains("SHA256:"), problem);
        assertFalse(problem.contains("ssh "), "no command to type in the window: " + problem);
        assertEquals("Check the SSH host key of " + SshDockerHost.ADDRESS,
                onFx(() -> robot.lookup("#docker-down-title").queryAs(javafx.scene.control.Label.class).getText()),
                "an unknown key is not 'Docker is not available'");
        screenshot(robot, "ssh-engine-unknown-host-key");
        robot.clickOn("#trust-key-button");
        waitUntil("the confirmation shows", 5_000, () -> robot.lookup("#trust-key-confirm").tryQuery().isPresent());
        screenshot(robot, "ssh-engine-trust-key-confirmation");
        // The fingerprint as drawn in the confirmation's own font fits its line (it wrapped in a dialog of the default width).
        String shown = problem.replaceAll("(?s).*(SHA256:\\S+?)\\).*", "$1");
        javafx.scene.control.Label content = onFx(() -> robot.lookup(".dialog-pane .content").queryAs(javafx.scene.control.Label.class));
        assertTrue(onFx(() -> content.getText().contains(shown)), shown + " in " + content.getText());
        assertTrue(onFx(() -> {
            javafx.scene.text.Text drawn = new javafx.scene.text.Text(shown);
            drawn.setFont(content.getFont());
            return content.getWidth() - content.getPadding().getLeft() - content.getPadding().getRight() >= drawn.getLayoutBounds().getWidth();
        }), "the fingerprint fits on its line");
        robot.clickOn("#trust-key-confirm");
        waitUntil("the host key is in known_hosts", 10_000, () -> java.nio.file.Files.readString(
                host.home.resolve(".ssh/known_hosts")).contains(host.hostKey));

        waitUntil("the instance on the SSH engine is Ready in the window", 30_000,
                () -> app.viewModel().items().size() == 2 && item(remote).state() == InstanceState.READY);
        InstanceItem local = item(t.name("on-laptop"));
        waitUntil("this machine's instance is followed too, live beside the remote one", 30_000,
                () -> item(t.name("on-laptop")).state() == InstanceState.READY);
        waitUntil("the status bar names the other engine with its state", 10_000,
                () -> onFx(() -> robot.lookup("#engines-text").queryAs(javafx.scene.control.Label.class).getText()).startsWith("default: Docker "));
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
        // The row says the same, also when this computer's instance holds the port the remote one publishes
        // there (both are redis, both took the first free port on their machine) and the tunnel took another.
        assertEquals("127.0.0.1:" + uri.getPort(), onFx(() -> item(remote).addressProperty().get()),
                "the Address column shows the tunnel's port (recorded: " + item(remote).record().port() + ")");
        try (Jedis jedis = new Jedis(uri)) {
            assertEquals("PONG", jedis.ping());
        }
        screenshot(robot, "ssh-engine-window");
    }

    /**
     * The window on this machine's engine follows the SSH engine too: both instances live in one
     * list; the SSH machine going away turns only its instance to Unknown (within seconds, saying
     * which engine), and it comes back by itself.
     */
    @Test
    @org.junit.jupiter.api.Order(2)
    void anotherEngineGoingAwayMarksOnlyItsInstancesAndComesBackByItself() throws Exception {
        host.trustHostKey(null); // a followed engine's unknown key is offered in the status bar
        FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
        app = WindowSupport.launchDesktop(t);
        String localName = t.name("on-laptop");
        waitUntil("the followed engine's unknown host key is offered", 30_000,
                () -> robot.lookup("#other-key-button").tryQuery().map(javafx.scene.Node::isVisible).orElse(false));
        assertEquals(InstanceState.UNKNOWN, item(remote).state());
        assertTrue(item(remote).detailProperty().get().contains("is not known on this computer"), item(remote).detailProperty().get());
        waitUntil("this machine's engine is not held up by it", 20_000, () -> item(localName).state() == InstanceState.READY);
        screenshot(robot, "engines-followed-key-unknown");
        robot.clickOn("#other-key-button");
        waitUntil("the confirmation shows", 5_000, () -> robot.lookup("#trust-key-confirm").tryQuery().isPresent());
        robot.clickOn("#trust-key-confirm");
        waitUntil("both engines' instances are live in one list", 30_000, () -> app.viewModel().items().size() == 2
                && item(remote).state() == InstanceState.READY && item(localName).state() == InstanceState.READY);
        waitUntil("the status bar names the SSH engine with its state", 10_000, () -> enginesText().startsWith("it-ssh: Docker "));
        URI uri = URI.create(app.viewModel().service().connection(item(remote).record()).uri());
        try (Jedis jedis = new Jedis(uri)) {
            assertEquals("PONG", jedis.ping(), "Copy URI of the followed engine's instance: its tunnel answers");
        }
        screenshot(robot, "engines-side-by-side");

        // The New dialog asks where it runs; on the SSH engine the data can only be a volume there.
        String madeThere = t.name("made-there");
        robot.clickOn("#new-button");
        waitUntil("the dialog asks where it runs", 10_000, () -> robot.lookup("#place-box").tryQuery().map(javafx.scene.Node::isVisible).orElse(false));
        onFx(() -> {
            @SuppressWarnings("unchecked")
            javafx.scene.control.ComboBox<String> places = robot.lookup("#place-box").queryAs(javafx.scene.control.ComboBox.class);
            places.setValue("it-ssh");
            @SuppressWarnings("unchecked")
            javafx.scene.control.ComboBox<io.dbdock.engine.EngineSpec> engines = robot.lookup("#engine-box")
                    .queryAs(javafx.scene.control.ComboBox.class);
            engines.setValue(app.viewModel().service().catalog().find("redis").orElseThrow()); // the image the SSH host has
            robot.lookup("#name-field").queryAs(javafx.scene.control.TextField.class).setText(madeThere);
            return null;
        });
        waitUntil("Create is allowed", 15_000, () -> !robot.lookup("#create-button").queryAs(javafx.scene.control.Button.class).isDisabled());
        assertTrue(onFx(() -> robot.lookup("#volume-storage").queryAs(javafx.scene.control.RadioButton.class).isSelected()),
                "a volume on that machine");
        screenshot(robot, "new-instance-on-another-engine");
        robot.clickOn("#create-button");
        waitUntil("the new instance is Ready on the SSH engine", 60_000, () -> app.viewModel().items().stream()
                .anyMatch(i -> i.nameProperty().get().equals(madeThere) && i.state() == InstanceState.READY));
        assertTrue(host.docker("ps", "--format", "{{.Names}}").contains(io.dbdock.instance.InputRules.slug(madeThere)),
                "its container runs on the SSH host's engine");
        assertEquals("it-ssh", item(madeThere).contextProperty().get());
        app.viewModel().service().delete(madeThere, true);

        long stopped = System.nanoTime();
        host.stopSshd();
        waitUntil("the SSH engine's instance turns Unknown", 20_000, () -> item(remote).state() == InstanceState.UNKNOWN);
        long awayMs = (System.nanoTime() - stopped) / 1_000_000;
        System.out.println("[ssh-window] the SSH engine's instance shown Unknown " + awayMs + " ms after its sshd was stopped");
        assertTrue(item(remote).detailProperty().get().contains("context 'it-ssh' does not answer"), item(remote).detailProperty().get());
        assertEquals(InstanceState.READY, item(localName).state(), "this machine's instance is not touched");
        waitUntil("the status bar says which engine is away", 10_000, () -> enginesText().equals("it-ssh does not answer"));
        assertFalse(onFx(() -> robot.lookup("#docker-down").query().isVisible()), "the list stays: this machine's engine answers");
        screenshot(robot, "engines-one-away");

        host.startSshd();
        waitUntil("the SSH engine's instance is back by itself", 30_000, () -> item(remote).state() == InstanceState.READY);
        try (Jedis jedis = new Jedis(URI.create(app.viewModel().service().connection(item(remote).record()).uri()))) {
            assertEquals("PONG", jedis.ping(), "through a new tunnel");
        }
    }

    private String enginesText() throws Exception {
        return onFx(() -> robot.lookup("#engines-text").queryAs(javafx.scene.control.Label.class).getText());
    }
}
