package io.dbdock.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoginItemTest {
    @TempDir
    Path home;

    @Test
    void linuxWritesAnXdgAutostartEntryThatStartsHiddenAndRemovesIt() throws Exception {
        LoginItem item = new LoginItem(Platform.LINUX, home, Map.of());
        assertFalse(item.isEnabled());
        item.enable(List.of("/opt/dbdock/bin/dbdock"));
        Path file = home.resolve(".config/autostart/dbdock.desktop");
        assertTrue(item.isEnabled());
        assertEquals(file.toString(), item.location());
        String entry = Files.readString(file);
        assertTrue(entry.startsWith("[Desktop Entry]\nType=Application\n"), entry);
        assertTrue(entry.contains("\nExec=/opt/dbdock/bin/dbdock --tray\n"), entry);
        item.disable();
        assertFalse(Files.exists(file));
        item.disable(); // already gone: fine
    }

    @Test
    void xdgConfigHomeIsHonouredAndPathsWithSpacesAreQuoted() throws Exception {
        Path config = home.resolve("cfg");
        LoginItem item = new LoginItem(Platform.LINUX, home, Map.of("XDG_CONFIG_HOME", config.toString()));
        item.enable(List.of("/usr/lib/jvm/java 17/bin/java", "-jar", "/home/me/My $Apps/dbdock.jar"));
        String entry = Files.readString(config.resolve("autostart/dbdock.desktop"));
        assertTrue(entry.contains("Exec=\"/usr/lib/jvm/java 17/bin/java\" -jar \"/home/me/My \\$Apps/dbdock.jar\" --tray\n"), entry);
    }

    @Test
    void macosWritesALaunchAgentThatRunsAtLoad() throws Exception {
        LoginItem item = new LoginItem(Platform.MACOS, home, Map.of());
        item.enable(List.of("/Applications/dbdock.app/Contents/MacOS/dbdock"));
        String plist = Files.readString(home.resolve("Library/LaunchAgents/io.dbdock.plist"));
        assertTrue(plist.contains("<string>/Applications/dbdock.app/Contents/MacOS/dbdock</string>\n    <string>--tray</string>"), plist);
        assertTrue(plist.contains("<key>RunAtLoad</key>\n  <true/>"), plist);
    }

    @Test
    void windowsQuotesTheLauncherForTheRunKey() {
        assertEquals("\"C:\\Program Files\\dbdock\\dbdock.exe\" --tray",
                LoginItem.windowsCommandLine(List.of("C:\\Program Files\\dbdock\\dbdock.exe", "--tray")));
    }
}
