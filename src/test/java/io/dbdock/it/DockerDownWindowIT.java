package io.dbdock.it;

import static io.dbdock.it.WindowSupport.onFx;
import static io.dbdock.it.WindowSupport.screenshot;
import static io.dbdock.it.WindowSupport.waitUntil;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dbdock.docker.DockerConnection;
import io.dbdock.docker.DockerEndpoints;
import io.dbdock.docker.DockerJavaGateway;
import io.dbdock.engine.ImageResolver;
import io.dbdock.instance.CreateRequest;
import io.dbdock.instance.InstanceState;
import io.dbdock.ui.DesktopApp;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/**
 * The window while Docker cannot be reached: a full-window explanation with the socket that was
 * tried; when the engine answers again the list comes back by itself. The window's engine
 * connection points at a socket that does not exist until the test lets it reach the real one.
 */
@RequiresDisplay
@RequiresDocker
class DockerDownWindowIT {
    private static final AtomicBoolean DOCKER_UP = new AtomicBoolean(false);
    private static final String MISSING_SOCKET = "unix:///tmp/dbdock-test-no-docker.sock";
    private static TestInstances t;
    private static DesktopApp app;
    private final FxRobot robot = new FxRobot();

    @BeforeAll
    static void launch() throws Exception {
        Requirements.requireDisplay();
        t = new TestInstances();
        t.create(CreateRequest.of("redis").withName(t.name("comes-back")));
        FxToolkit.registerPrimaryStage();
        app = (DesktopApp) FxToolkit.setupApplication(() -> new DesktopApp(new DesktopApp.Wiring(t.root,
                new ImageResolver(Map.of(), Requirements.IMAGE_PREFIX),
                () -> new DockerConnection(() -> DOCKER_UP.get() ? DockerJavaGateway.connect()
                        : DockerJavaGateway.connect(List.of(new DockerEndpoints.Candidate(MISSING_SOCKET, "test")))))));
    }

    @AfterAll
    static void close() throws Exception {
        if (app != null) {
            FxToolkit.cleanupApplication(app);
            FxToolkit.cleanupStages();
        }
        if (t != null) {
            t.close();
        }
    }

    @Test
    void unavailableStateExplainsAndTheListComesBackByItself() throws Exception {
        waitUntil("the Docker-unavailable state shows", 15_000, () -> robot.lookup("#docker-down").query().isVisible());
        String problem = onFx(() -> robot.lookup("#docker-problem").queryAs(Label.class).getText());
        assertTrue(problem.contains(MISSING_SOCKET) && problem.contains("Start Docker"), problem);
        assertTrue(robot.lookup("#new-button").queryAs(Button.class).isDisabled(), "nothing can be created meanwhile");
        screenshot(robot, "docker-unavailable");

        DOCKER_UP.set(true);
        waitUntil("the list is back and the instance Ready", 15_000, () ->
                !robot.lookup("#docker-down").query().isVisible()
                        && robot.lookup("#instance-table").queryAs(Node.class).isVisible()
                        && app.viewModel().items().stream().anyMatch(i -> i.state() == InstanceState.READY));
    }
}
