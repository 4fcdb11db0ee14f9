package io.dbdock.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DataRootTest {
    @Test
    void dataRootFollowsThePlatformAndTheOverride() {
        Path home = Path.of("/home/u");
        assertEquals(Path.of("/data/x"), DataRoot.resolve(java.util.Map.of("DBDOCK_HOME", "/data/x"), io.dbdock.common.Platform.LINUX, home));
        assertEquals(Path.of("/home/u/.local/share/dbdock"), DataRoot.resolve(java.util.Map.of(), io.dbdock.common.Platform.LINUX, home));
        assertEquals(Path.of("/xdg/dbdock"), DataRoot.resolve(java.util.Map.of("XDG_DATA_HOME", "/xdg"), io.dbdock.common.Platform.LINUX, home));
        assertEquals(Path.of("/home/u/Library/Application Support/dbdock"), DataRoot.resolve(java.util.Map.of(), io.dbdock.common.Platform.MACOS, home));
        assertEquals(Path.of("C:/Users/u/AppData/Local/dbdock"),
                DataRoot.resolve(java.util.Map.of("LOCALAPPDATA", "C:/Users/u/AppData/Local"), io.dbdock.common.Platform.WINDOWS, home));
    }
}
