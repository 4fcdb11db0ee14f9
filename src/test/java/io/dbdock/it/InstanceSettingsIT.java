package io.dbdock.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbdock.common.UserFacingException;
import io.dbdock.engine.EngineSpec;
import io.dbdock.instance.CreateRequest;
import io.dbdock.instance.InstanceSnapshot;
import io.dbdock.instance.InstanceState;
import io.dbdock.common.Json;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Settings a user changes after creation: name, auto-start, network (recreating on the same data). */
@RequiresDocker
class InstanceSettingsIT {
    @RegisterExtension
    final TestInstances t = new TestInstances();

    @Test
    void renameAutoStartAndNetworkKeepTheData() throws Exception {
        String name = t.name("set");
        InstanceSnapshot s = t.create(CreateRequest.of("redis").withName(name));
        EngineSpec redis = t.service.engine(s.record());
        DataClient.write(redis, t.service.endpoint(s.record()), "kept");

        String newName = t.name("renamed");
        assertEquals(newName, t.service.rename(name, newName).record().name());
        assertEquals(s.record().containerName(), t.record(newName).containerName(), "the container keeps its name");
        // The container and folder keep the first name's form, so a new instance cannot take it.
        UserFacingException taken = assertThrows(UserFacingException.class, () -> t.create(CreateRequest.of("redis").withName(name)));
        assertTrue(taken.getMessage().contains("belong to the instance '" + newName + "'"), taken.getMessage());

        assertTrue(t.service.setAutoStart(newName, true).record().autoStart());
        t.service.stop(newName);
        assertEquals(List.of(newName), t.service.startAutoStartInstances(), "what the window does when it opens");
        assertTrue(t.docker.inspect(s.record().containerName()).orElseThrow().running());

        InstanceSnapshot open = t.service.changeBindAddress(newName, "0.0.0.0", true);
        assertEquals(InstanceState.READY, open.state(), open.detail());
        JsonNode binding = Json.mapper().readTree(SecurityIT.dockerInspect(open.record().containerName()))
                .get(0).path("HostConfig").path("PortBindings").elements().next().get(0);
        assertEquals("0.0.0.0", binding.get("HostIp").asText());
        assertEquals(List.of("kept"), DataClient.read(redis, t.service.endpoint(open.record())));

        InstanceSnapshot local = t.service.changeBindAddress(newName, "127.0.0.1", true);
        assertEquals("127.0.0.1", local.record().bindAddress());
        assertEquals(InstanceState.READY, local.state());
    }

    @Test
    void aRefusedNetworkChangeLeavesTheInstanceRunningAsItWas() throws Exception {
        InstanceSnapshot s = t.create(CreateRequest.of("redis").withName(t.name("net")));
        // Another program on the Docker bridge address holds the same port: all addresses are not free.
        java.net.InetAddress bridge = java.net.NetworkInterface.getByName("docker0").inetAddresses()
                .filter(a -> a instanceof java.net.Inet4Address).findFirst().orElseThrow();
        try (java.net.ServerSocket held = new java.net.ServerSocket()) {
            held.bind(new java.net.InetSocketAddress(bridge, s.record().port()));
            UserFacingException e = assertThrows(UserFacingException.class,
                    () -> t.service.changeBindAddress(s.name(), "0.0.0.0", true));
            assertTrue(e.getMessage().contains("is not free on 0.0.0.0"), e.getMessage());
        }
        assertEquals("127.0.0.1", t.record(s.name()).bindAddress(), "the record is unchanged");
        assertTrue(t.docker.inspect(s.record().containerName()).orElseThrow().running(), "the instance runs again");
    }
}
