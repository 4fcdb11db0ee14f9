package io.dbdock.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dbdock.common.UserFacingException;
import io.dbdock.instance.CreateRequest;
import io.dbdock.instance.InstanceSnapshot;
import io.dbdock.instance.InstanceState;
import io.dbdock.store.InstanceRecord;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The password inside the data no longer matches the stored one (the data was made with another):
 * dbdock says so plainly instead of an endless "Unhealthy", and Fix password sets the database's
 * password to the stored one where the engine lets it in without the old password.
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

    /** MariaDB keeps root's password for local logins too: without the old one dbdock cannot get in, and says what to do. */
    @Test
    void whenTheEngineWillNotLetDbdockInTheMessageSaysWhatToDo() throws Exception {
        String name = t.name("mdrift");
        t.create(CreateRequest.of("mariadb").withName(name));
        InstanceRecord r = t.record(name);
        Docker.run("exec", r.containerName(), "sh", "-c", "MYSQL_PWD=\"$(cat /run/dbdock/password)\" mariadb -uroot -e "
                + "\"ALTER USER 'root'@'%' IDENTIFIED BY 'x1'; ALTER USER 'root'@'localhost' IDENTIFIED BY 'x1'\"");
        t.service.restart(name, true);
        UserFacingException e = assertThrows(UserFacingException.class, () -> t.service.fixPassword(name));
        assertTrue(e.getMessage().contains("could not get into MariaDB") && e.getMessage().contains("delete the instance"),
                e.getMessage());

        UserFacingException redis = assertThrows(UserFacingException.class, () -> {
            t.create(CreateRequest.of("redis").withName(t.name("rfix")));
            t.service.fixPassword(t.name("rfix"));
        });
        assertTrue(redis.getMessage().contains("nothing to fix"), redis.getMessage());
    }
}
