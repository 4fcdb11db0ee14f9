package io.dbdock.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dbdock.common.UserFacingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
    @TempDir
    Path dir;

    @Test
    void missingFileMeansDefaultsAndTheThemeFollowsTheSystem() {
        Settings s = Settings.load(new DataRoot(dir));
        assertEquals("system", s.theme());
        assertTrue(s.imageRepositories().isEmpty());
    }

    @Test
    void aChosenThemeIsSavedWithTheOtherSettings() throws Exception {
        DataRoot root = new DataRoot(dir);
        Files.writeString(root.settingsFile(), "{\"imageRepositories\": {\"redis\": \"mirror.local/redis\"}}");
        Settings.load(root).withTheme("dark").save(root);
        Settings again = Settings.load(root);
        assertEquals("dark", again.theme());
        assertEquals(Map.of("redis", "mirror.local/redis"), again.imageRepositories());
    }

    @Test
    void aBrokenFileIsReportedInPlainWords() throws Exception {
        DataRoot root = new DataRoot(dir);
        Files.writeString(root.settingsFile(), "{ nope");
        UserFacingException e = assertThrows(UserFacingException.class, () -> Settings.load(root));
        assertTrue(e.getMessage().contains("is not valid JSON"), e.getMessage());
    }
}
