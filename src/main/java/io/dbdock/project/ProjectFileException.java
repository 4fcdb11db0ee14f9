package io.dbdock.project;

import io.dbdock.common.Problem;
import io.dbdock.common.UserFacingException;
import java.util.List;

/** A project file that cannot be used as written: every problem found, one line each, and nothing was changed. */
public final class ProjectFileException extends UserFacingException {
    private final List<String> problems;

    public ProjectFileException(List<String> problems) {
        super(Problem.INVALID_INPUT, String.join("\n", problems) + "\nNothing was changed.");
        this.problems = List.copyOf(problems);
    }

    /** "dbdock.json: databases.cache.version: ...", one per problem. */
    public List<String> problems() {
        return problems;
    }
}
