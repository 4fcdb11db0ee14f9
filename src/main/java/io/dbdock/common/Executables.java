package io.dbdock.common;

import java.io.File;

/** Whether a program can be run by name, looked up the way a shell does: in each folder of a PATH. */
public final class Executables {
    private Executables() {
    }

    public static boolean onPath(String program, String path) {
        for (String dir : (path == null ? "" : path).split(File.pathSeparator)) {
            if (!dir.isBlank() && new File(dir, program).canExecute()) {
                return true;
            }
        }
        return false;
    }
}
