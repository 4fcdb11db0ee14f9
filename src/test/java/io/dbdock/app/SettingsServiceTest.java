package io.dbdock.app;

import io.dbdock.model.Settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbdock.common.UserFacingException;
import io.dbdock.common.DataRoot;
import io.dbdock.common.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one owner of settings.json: changes from several places (and processes) all survive. */
class SettingsServiceTest {
    @TempDir
    Path dir;

    @Test
    void missingFileMeansDefaultsAndTheThemeFollowsTheSystem() {
        SettingsService s = SettingsService.open(new DataRoot(dir));
        assertEquals("system", s.current().theme());
        assertTrue(s.current().imageRepositories().isEmpty());
        assertNull(s.problem());
    }

    /** The bug users hit: Dark chosen in the window, then "stop on quit" in the app menu wrote "system" back. */
    @Test
    void changesMadeFromTwoPlacesBothSurviveARestart() {
        DataRoot root = new DataRoot(dir);
        SettingsService window = SettingsService.open(root);
        SettingsService appMenu = SettingsService.open(root); // another holder that read the file before the change
        window.update(s -> s.withTheme("dark"));
        appMenu.update(s -> s.withStopOnQuit(true));
        appMenu.update(Settings::withTrayHintShown);

        Settings afterRestart = SettingsService.open(root).current();
        assertEquals("dark", afterRestart.theme());
        assertTrue(afterRestart.stopOnQuit());
        assertTrue(afterRestart.trayHintShown());
    }

    @Test
    void fieldsThisVersionDoesNotKnowAndHandWrittenOnesAreKept() throws Exception {
        DataRoot root = new DataRoot(dir);
        Files.writeString(root.settingsFile(), "{\"imageRepositories\": {\"redis\": \"mirror.local/redis\"}, "
                + "\"windowBounds\": {\"x\": 10, \"width\": 900}, \"futureFlag\": true}");
        SettingsService.open(root).update(s -> s.withTheme("dark"));
        JsonNode saved = Json.mapper().readTree(root.settingsFile().toFile());
        assertEquals("dark", saved.get("theme").asText());
        assertEquals(900, saved.get("windowBounds").get("width").asInt());
        assertTrue(saved.get("futureFlag").asBoolean());
        assertEquals(Map.of("redis", "mirror.local/redis"), SettingsService.load(root).imageRepositories());
    }

    @Test
    void concurrentChangesAreAppliedOneAfterTheOtherAndNoneIsLost() throws Exception {
        DataRoot root = new DataRoot(dir);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                String engine = "engine" + i;
                SettingsService own = SettingsService.open(root);
                done.add(pool.submit(() -> {
                    go.await();
                    return own.update(s -> {
                        Map<String, String> repos = new java.util.HashMap<>(s.imageRepositories());
                        repos.put(engine, "mirror/" + engine);
                        return new Settings(repos, s.defaultStorage(), s.theme(), s.stopOnQuit(), s.startAtLogin(), s.trayHintShown(), s.window());
                    });
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(20, SettingsService.load(root).imageRepositories().size());
    }

    /** Settings are written by the ObjectMapper and read by the streaming reader: every field must survive that. */
    @Test
    void everyFieldWrittenIsReadBack() {
        DataRoot root = new DataRoot(dir);
        Settings all = new Settings(Map.of("redis", "mirror.local/redis", "postgres", "mirror.local/pg"), "volume", "dark",
                true, true, true, new io.dbdock.model.WindowPlacement(12.5, 40, 1180, 760.5, true, 0.38, "logs"));
        SettingsService.open(root).update(s -> all);
        assertEquals(all, SettingsService.load(root));
        assertEquals(all, SettingsService.open(root).current());
    }

    @Test
    void aFileOfTheWrongShapeIsRefusedPlainly() throws Exception {
        DataRoot root = new DataRoot(dir);
        Files.writeString(root.settingsFile(), "{\"theme\": 3}");
        UserFacingException e = assertThrows(UserFacingException.class, () -> SettingsService.load(root));
        assertTrue(e.getMessage().contains("\"theme\" should be text"), e.getMessage());
        Files.writeString(root.settingsFile(), "[1, 2]");
        e = assertThrows(UserFacingException.class, () -> SettingsService.load(root));
        assertTrue(e.getMessage().contains("does not hold a JSON object"), e.getMessage());
        Files.writeString(root.settingsFile(), "");
        assertEquals(Settings.defaults(), SettingsService.load(root), "an empty file reads as the defaults");
    }

    @Test
    void aDamagedFileGivesDefaultsWithAPlainReasonAndIsKeptWhenReplaced() throws Exception {
        DataRoot root = new DataRoot(dir);
        Files.writeString(root.settingsFile(), "{ nope");
        UserFacingException e = assertThrows(UserFacingException.class, () -> SettingsService.load(root));
        assertTrue(e.getMessage().contains("is not valid JSON"), e.getMessage());
        SettingsService s = SettingsService.open(root);
        assertEquals("system", s.current().theme());
        assertTrue(s.problem().contains("uses its defaults"), s.problem());

        s.update(x -> x.withTheme("light"));
        assertEquals("light", SettingsService.load(root).theme());
        try (var files = Files.list(dir)) {
            Path kept = files.filter(f -> f.getFileName().toString().startsWith("settings.json.damaged-")).findFirst().orElseThrow();
            assertEquals("{ nope", Files.readString(kept), "the damaged file is kept, not lost");
        }
    }

    @Test
    void listenersHearEveryChange() {
        SettingsService s = SettingsService.open(new DataRoot(dir));
        List<String> heard = new ArrayList<>();
        s.addListener(x -> heard.add(x.theme()));
        s.update(x -> x.withTheme("dark"));
        s.update(x -> x.withTheme("light"));
        assertEquals(List.of("dark", "light"), heard);
        assertEquals("light", s.current().theme());
    }
}
