package io.dbdock.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dbdock.common.UserFacingException;
import io.dbdock.instance.CreateRequest;
import io.dbdock.instance.InstanceSnapshot;
import io.dbdock.instance.InstanceState;
import io.dbdock.model.InstanceRecord;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The password inside the data no longer matches the stored one (the data was made with another):
 * dbdock says so plainly instead of an endless "Unhealthy", and Fix password sets the database's
 * password to the stored one without the old password, on the real servers of the official images' contract.
 */
@RequiresDocker
class CredentialsDriftIT {
    @RegisterExtension
    final TestInstances t = new TestInstances();

    @Test
    void aPostgresPasswordChangedInsideTheDatabaseIsDetectedAndFixed() throws Exception {
        String name = t.name("drift");
        t.create(CreateRequest.of("postgres").withName(name));
        InstanceRecord r = t.record(name);
        DataClient.write(t.service.engine(r), t.service.endpoint(r), "still-here");
        Docker.run("exec", r.containerName(), "psql", "-U", "postgres", "-c", "ALTER ROLE postgres PASSWORD 'made-elsewhere'");
        t.service.stop(name);

        InstanceSnapshot refused = t.service.start(name, true);
        assertEquals(InstanceState.UNHEALTHY, refused.state());
        assertTrue(refused.detail().contains("refused user 'postgres' with the stored password")
                && refused.detail().contains("fix-password"), refused.detail());

        InstanceSnapshot fixed = t.service.fixPassword(name);
        assertEquals(InstanceState.READY, fixed.state(), fixed.detail());
        assertEquals(List.of("still-here"), DataClient.read(t.service.engine(r), t.service.endpoint(r)), "opens with the stored password");
    }

    /**
     * Neither official image lets root in without its password, not even through the socket:
     * dbdock starts the server once with an init file that sets it (the engines' documented recovery).
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"mariadb, 10.11", "mariadb, 11.8", "mysql, 9"})
    void aMysqlFamilyPasswordChangedInsideTheDatabaseIsFixedWithoutTheOldOne(String engine, String version) throws Exception {
        String name = t.name(engine.charAt(0) + "drift-" + version.replace('.', '-'));
        t.create(CreateRequest.of(engine).withVersion(version).withName(name));
        InstanceRecord r = t.record(name);
        DataClient.write(t.service.engine(r), t.service.endpoint(r), "kept");
        String client = engine.equals("mysql") ? "mysql" : "mariadb";
        Docker.run("exec", r.containerName(), "sh", "-c", "MYSQL_PWD=\"$(cat /run/dbdock/password)\" " + client + " -uroot -e "
                + "\"ALTER USER 'root'@'%' IDENTIFIED BY 'made-elsewhere'; ALTER USER 'root'@'localhost' IDENTIFIED BY 'made-elsewhere'\"");
        InstanceSnapshot refused = t.service.restart(name, true);
        assertEquals(InstanceState.UNHEALTHY, refused.state(), refused.detail());

        InstanceSnapshot fixed = t.service.fixPassword(name);
        assertEquals(InstanceState.READY, fixed.state(), fixed.detail());
        assertEquals(List.of("kept"), DataClient.read(t.service.engine(r), t.service.endpoint(r)), "opens with the stored password");
        assertEquals(InstanceState.READY, t.service.restart(name, true).state(), "and keeps it on the next start");
        String mounts = Docker.run("inspect", "-f", "{{json .Args}}", r.containerName());
        assertFalse(mounts.contains("init-file"), "started normally again: " + mounts);
    }

    /**
     * The other way round: the stored password changed (the file in the instance's folder), the data
     * kept the old one. The next start copies the new file in, so Fix password sets the new one.
     */
    @Test
    void aChangedPasswordFileReachesTheContainerAtTheNextStartAndFixPasswordSetsIt() throws Exception {
        String name = t.name("newfile");
        t.create(CreateRequest.of("postgres").withName(name));
        InstanceRecord r = t.record(name);
        t.write(name, "kept");
        t.service.stop(name);
        java.nio.file.Files.writeString(java.nio.file.Path.of(r.home(), "password"), "the-new-one");
        assertEquals(InstanceState.UNHEALTHY, t.service.start(name, true).state(), "the data still has the old password");
        assertEquals("the-new-one", Docker.run("exec", r.containerName(), "cat", "/run/dbdock/password"),
                "the changed file was copied in at the start");
        assertEquals(InstanceState.READY, t.service.fixPassword(name).state());
        assertEquals(List.of("kept"), t.read(name), "opens with the new password");
    }

    /** Redis takes its password from the config dbdock writes, copied in again at every start: a restart is the fix. */
    @Test
    void redisTakesAChangedPasswordFileAtTheNextStart() throws Exception {
        String name = t.name("rnew");
        t.create(CreateRequest.of("redis").withName(name));
        t.write(name, "kept");
        java.nio.file.Files.writeString(java.nio.file.Path.of(t.record(name).home(), "password"), "redis-new-one");
        assertEquals(InstanceState.READY, t.service.restart(name, true).state());
        assertEquals(List.of("kept"), t.read(name), "opens with the new password");
    }

    @Test
    void redisHasNothingToFix() {
        UserFacingException redis = assertThrows(UserFacingException.class, () -> {
            t.create(CreateRequest.of("redis").withName(t.name("rfix")));
            t.service.fixPassword(t.name("rfix"));
        });
        assertTrue(redis.getMessage().contains("nothing to fix"), redis.getMessage());
    }
}
