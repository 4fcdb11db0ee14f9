package io.dbdock.model;

/**
 * Which project file an instance was made for ({@code dbdock up}), so that the project's later
 * commands find it whatever it is called, and no other project's file can take it over.
 *
 * @param project     the project's name ("shop")
 * @param database    the database's key in the file ("main")
 * @param folder      the project's folder as last used (where its dbdock.json and .env are)
 * @param initProblem why an init script failed at creation (file, line, the server's words), or null
 */
public record ProjectMembership(String project, String database, String folder, String initProblem) {

    public ProjectMembership withFolder(String newFolder) {
        return new ProjectMembership(project, database, newFolder, initProblem);
    }

    public ProjectMembership withInitProblem(String problem) {
        return new ProjectMembership(project, database, folder, problem);
    }

    public boolean belongsTo(String projectName, String databaseKey) {
        return project.equals(projectName) && database.equals(databaseKey);
    }
}
