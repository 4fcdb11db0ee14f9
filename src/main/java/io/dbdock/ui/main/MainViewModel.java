package io.dbdock.ui.main;

import io.dbdock.common.Remedy;
import io.dbdock.instance.CreateRequest;
import io.dbdock.instance.DockerStatus;
import io.dbdock.instance.InstanceAction;
import io.dbdock.instance.InstanceListener;
import io.dbdock.instance.InstanceService;
import io.dbdock.instance.InstanceSnapshot;
import io.dbdock.instance.InstanceState;
import io.dbdock.ui.common.BackgroundTasks;
import io.dbdock.ui.common.FxCoalescer;
import io.dbdock.ui.common.FxInstanceEvents;
import io.dbdock.ui.common.TerminalLauncher;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The main window's state: the instance list (kept in step with the service's events), the
 * selection, Docker's availability, and the actions. Touched on the FX thread only.
 */
public final class MainViewModel implements InstanceListener {

    /**
     * Something to tell the user once: a failure or a confirmation, and for a failure the window
     * can fix, the fix (a button beside the text).
     */
    public record Notice(String text, boolean error, Optional<Offer> offer) {
        public Notice(String text, boolean error) {
            this(text, error, Optional.empty());
        }
    }

    /** A fix offered beside a failure: the button's words and what it does. */
    public record Offer(String label, Runnable action) {
    }

    private final InstanceService service;
    private final BackgroundTasks tasks;
    private final NoticeBurst burst = new NoticeBurst();
    private FxCoalescer burstSummary;
    private final ObservableList<InstanceItem> items = FXCollections.observableArrayList();
    /** What the filter field holds; the list shows the instances that match it (all when it is blank). */
    private final StringProperty filter = new SimpleStringProperty("");
    private final BooleanProperty severalContexts = new javafx.beans.property.SimpleBooleanProperty(false);
    private final ObjectProperty<Remedy.TrustHostKey> hostKeyToTrust = new SimpleObjectProperty<>();
    private final javafx.collections.transformation.FilteredList<InstanceItem> shown = new javafx.collections.transformation.FilteredList<>(items);
    private final ObjectProperty<InstanceItem> selected = new SimpleObjectProperty<>();
    /** Every selected instance (Ctrl- and Shift-click); Start, Stop and Delete act on all of them. It follows their states. */
    private final ObservableList<InstanceItem> chosen = FXCollections.observableArrayList(i -> new javafx.beans.Observable[] {i.stateProperty()});
    private final BooleanProperty dockerAvailable = new SimpleBooleanProperty(true);
    private final BooleanProperty loaded = new SimpleBooleanProperty(false);
    private final StringProperty dockerText = new SimpleStringProperty("Connecting to Docker…");
    /** The other engines followed, each with its state ("it-ssh: Docker 28.1", "it-ssh does not answer"), or "". */
    private final StringProperty otherEnginesText = new SimpleStringProperty("");
    private final java.util.Map<String, DockerStatus> otherEngines = new java.util.TreeMap<>();
    /** An SSH host key another followed engine's machine showed that is not known yet, or null. */
    private final ObjectProperty<Remedy.TrustHostKey> otherHostKeyToTrust = new SimpleObjectProperty<>();
    private final StringProperty dockerProblem = new SimpleStringProperty("");
    /** The panel's title and last line while Docker is away: an SSH key to check is not "Docker is not available". */
    private final StringProperty dockerDownTitle = new SimpleStringProperty(DOCKER_DOWN_TITLE);
    private final StringProperty dockerDownHint = new SimpleStringProperty(DOCKER_DOWN_HINT);
    private static final String DOCKER_DOWN_TITLE = "Docker is not available";
    private static final String DOCKER_DOWN_HINT = "dbdock keeps trying by itself and brings your instances back when Docker answers.";
    private final ObjectProperty<Notice> notice = new SimpleObjectProperty<>();
    /** The row the window should select and show: an instance this window just created. */
    private final ObjectProperty<InstanceItem> reveal = new SimpleObjectProperty<>();
    private final java.util.Set<String> creating = new java.util.HashSet<>();
    /**
     * Instances seen going from Unknown to Starting: running all along as far as anyone knows (the
     * app just came up, or Docker came back) and being probed; their Ready is no news.
     */
    private final java.util.Set<UUID> probing = new java.util.HashSet<>();

    private final io.dbdock.project.ProjectService projects;
    /** The project the window should select and show: one this window just brought up. */
    private final StringProperty revealProject = new SimpleStringProperty();

    public MainViewModel(InstanceService service, BackgroundTasks tasks) {
        this(service, new io.dbdock.project.ProjectService(service), tasks);
    }

    public MainViewModel(InstanceService service, io.dbdock.project.ProjectService projects, BackgroundTasks tasks) {
        filter.addListener((o, was, now) -> shown.setPredicate(now == null || now.isBlank() ? null : filterPredicate(now)));
        this.service = service;
        this.projects = projects;
        this.tasks = tasks;
    }

    /** Starts following the service (events arrive through the FX adapter) and loads the list. */
    public void attach(Executor fx) {
        burstSummary = new FxCoalescer(NoticeBurst.WINDOW_MS, fx, () -> burst.summary().ifPresent(this::announce));
        service.addListener(new FxInstanceEvents(this, fx));
        dockerChanged(service.dockerStatus());
        tasks.run("read the instance list", service::snapshots, list -> {
            list.forEach(this::instanceChanged);
            loaded.set(true);
            service.storeNotice().ifPresent(this::fail);
        }, this::fail);
    }

    /** host:port in the Address column: the service's rule (a tunnel's port where one carries the instance). */
    private String address(io.dbdock.model.InstanceRecord r) {
        return service == null ? io.dbdock.instance.InputRules.recordedAddress(r) : service.address(r);
    }

    @Override
    public void instanceChanged(InstanceSnapshot snapshot) {
        for (InstanceItem item : items) {
            if (item.id().equals(snapshot.record().id())) {
                InstanceState before = item.state();
                io.dbdock.model.InstanceRecord recordBefore = item.record();
                item.update(snapshot, address(snapshot.record()));
                if (!java.util.Objects.equals(recordBefore.place(), item.record().place())) {
                    countContexts(); // claimed by the engine where its container was found
                }
                if (!filter.get().isBlank() && !recordBefore.equals(item.record())) {
                    shown.setPredicate(filterPredicate(filter.get())); // a rename or a new port may match the filter now, or no longer
                }
                boolean probedOnly = false;
                if (before == InstanceState.UNKNOWN && snapshot.state() == InstanceState.STARTING) {
                    probing.add(item.id());
                } else if (snapshot.state() != InstanceState.STARTING) {
                    probedOnly = probing.remove(item.id()) && snapshot.state() == InstanceState.READY;
                }
                if (!probedOnly) {
                    StateNotices.forChange(snapshot.name(), snapshot.record().port(), before, snapshot.state(), snapshot.detail())
                            .ifPresent(this::announceStateChange);
                }
                return;
            }
        }
        InstanceItem added = new InstanceItem(snapshot, address(snapshot.record()));
        items.add(added);
        countContexts();
        if (creating.remove(snapshot.name())) {
            revealItem(added);
        }
    }

    private void revealItem(InstanceItem item) {
        reveal.set(null);
        reveal.set(item);
    }

    @Override
    public void instanceRemoved(UUID id) {
        items.removeIf(i -> i.id().equals(id));
        countContexts();
    }

    /** The Context column shows once the list holds instances of more than one engine (as `dbdock list` adds CONTEXT). */
    private void countContexts() {
        boolean several = items.stream().map(i -> i.contextProperty().get()).filter(c -> !c.isEmpty()).distinct().count() > 1;
        if (severalContexts.get() != several) {
            severalContexts.set(several);
        }
    }

    public javafx.beans.property.ReadOnlyBooleanProperty severalContextsProperty() {
        return severalContexts;
    }

    /** The SSH host key the engine's machine showed that is not known yet (the window offers to trust it), or null. */
    public ReadOnlyObjectProperty<Remedy.TrustHostKey> hostKeyToTrustProperty() {
        return hostKeyToTrust;
    }

    /** Remembers the host key the user compared, then tries the engine again ({@code reconnect}). */
    public void trustHostKey(Remedy.TrustHostKey key, Runnable reconnect) {
        tasks.run("remember the SSH host key", () -> {
            service.trustHostKey(key);
            return key;
        }, done -> reconnect.run(), this::fail);
    }

    @Override
    public void notice(String text) {
        fail(text);
    }

    @Override
    public void dockerChanged(DockerStatus status) {
        Remedy.TrustHostKey key = !status.available() && status.remedy() instanceof Remedy.TrustHostKey k ? k : null;
        hostKeyToTrust.set(key);
        dockerDownTitle.set(key != null ? "Check the SSH host key of " + key.host() : DOCKER_DOWN_TITLE);
        dockerDownHint.set(key != null ? "dbdock connects once you trust the key." : DOCKER_DOWN_HINT);
        dockerAvailable.set(status.available() || status.problem().startsWith("Connecting"));
        dockerProblem.set(status.available() ? "" : status.problem());
        dockerText.set(status.available() ? status.version() + " at " + status.endpoint()
                : status.problem().startsWith("Connecting") ? status.problem() : "Docker is not available");
    }

    @Override
    public void engineChanged(String context, DockerStatus status) {
        otherEngines.put(context, status);
        otherEnginesText.set(otherEngines.entrySet().stream()
                .map(e -> e.getValue().available() ? e.getKey() + ": " + e.getValue().version()
                        : e.getValue().equals(DockerStatus.unknown()) ? e.getKey() + ": connecting…" : e.getKey() + " does not answer")
                .collect(java.util.stream.Collectors.joining(" · ")));
        otherHostKeyToTrust.set(otherEngines.values().stream().filter(st -> !st.available())
                .map(DockerStatus::remedy).filter(Remedy.TrustHostKey.class::isInstance).map(Remedy.TrustHostKey.class::cast)
                .findFirst().orElse(null));
    }

    /** The host key of a followed engine's machine to check and trust (its monitor connects by itself once it is), or null. */
    public ReadOnlyObjectProperty<Remedy.TrustHostKey> otherHostKeyToTrustProperty() {
        return otherHostKeyToTrust;
    }

    /** The other engines followed and their states, for the status bar ("" with none). */
    public ReadOnlyStringProperty otherEnginesTextProperty() {
        return otherEnginesText;
    }

    // ---- actions -----------------------------------------------------------------------------

    public void create(CreateRequest request) {
        if (request.name() != null) {
            creating.add(request.name()); // selected when its row appears (it does before it is Ready)
        }
        tasks.run("create " + (request.name() == null ? "the instance" : request.name()),
                () -> service.create(request, s -> { }),
                created -> {
                    if (creating.remove(created.snapshot().name()) || request.name() == null) {
                        items.stream().filter(i -> i.id().equals(created.snapshot().record().id())).findFirst().ifPresent(this::revealItem);
                    }
                    // Ready and Error are announced by the state change itself (see StateNotices).
                    report(created.snapshot());
                    created.notes().forEach(this::tell);
                }, text -> {
                    if (request.name() != null) {
                        creating.remove(request.name());
                    }
                    fail(text);
                });
    }

    public void start(InstanceItem item) {
        item.actionStarted();
        tasks.runOffering("start " + item.nameProperty().get(), () -> service.start(item.id().toString(), true),
                this::report, f -> failOn(item, f));
    }

    /** The fix offered when an instance's port is taken: the free port, then a start (the user was starting it). */
    public void movePort(InstanceItem item, int port) {
        item.actionStarted();
        String name = item.nameProperty().get();
        tasks.runOffering("move " + name + " to port " + port, () -> {
            service.reassignPort(item.id().toString(), port, false);
            return service.start(item.id().toString(), true);
        }, s -> {
            tell("Moved " + name + " to port " + s.record().port() + ".");
            report(s);
        }, f -> failOn(item, f));
    }

    public void stop(InstanceItem item) {
        item.actionStarted();
        tasks.run("stop " + item.nameProperty().get(), () -> service.stop(item.id().toString()), s -> { }, this::fail);
    }

    /** Starts every chosen instance that can start (the others are left as they are). */
    public void startChosen() {
        List.copyOf(chosen).stream().filter(i -> allows(i.state(), InstanceAction.START)).forEach(this::start);
    }

    /** Stops every chosen instance that runs. */
    public void stopChosen() {
        List.copyOf(chosen).stream().filter(i -> allows(i.state(), InstanceAction.STOP)).forEach(this::stop);
    }

    /** The chosen instances that can be deleted now (the confirmation names them). */
    public List<InstanceItem> deletableChosen() {
        return chosen.stream().filter(i -> allows(i.state(), InstanceAction.DELETE)).toList();
    }

    /** What the row's start/stop button does in a state: Stop while it runs, Start where it can start, nothing otherwise. */
    public static Optional<InstanceAction> toggleAction(InstanceState state) {
        return allows(state, InstanceAction.STOP) ? Optional.of(InstanceAction.STOP)
                : allows(state, InstanceAction.START) ? Optional.of(InstanceAction.START) : Optional.empty();
    }

    /** The row's own button (see {@link #toggleAction}). */
    public void toggle(InstanceItem item) {
        toggleAction(item.state()).ifPresent(a -> {
            if (a == InstanceAction.STOP) {
                stop(item);
            } else {
                start(item);
            }
        });
    }

    public void restart(InstanceItem item) {
        item.actionStarted();
        tasks.runOffering("restart " + item.nameProperty().get(), () -> service.restart(item.id().toString(), true),
                this::report, f -> failOn(item, f));
    }

    // ---- projects (dbdock.json) ------------------------------------------------------------------

    /**
     * Open project...: reads the folder's dbdock.json and brings the project up, as {@code dbdock up}
     * does. Its group appears as its instances are made; one notice says how it went.
     */
    public void openProject(java.nio.file.Path folder) {
        tasks.run("read the project file in " + folder, () -> new io.dbdock.project.ProjectFileReader(service.catalog()).read(folder),
                project -> {
                    int n = project.databases().size();
                    tell("Bringing up " + project.project() + " (" + n + (n == 1 ? " database" : " databases") + ")…");
                    revealProject.set(null);
                    revealProject.set(project.project());
                    tasks.run("bring up " + project.project(),
                            () -> projects.up(project, java.util.Set.of(), io.dbdock.project.ProjectService.Progress.NONE),
                            result -> {
                                revealProject.set(null);
                                revealProject.set(project.project());
                                announce(upNotice(project, result));
                            }, text -> fail(firstLines(text)));
                }, text -> fail(firstLines(text)));
    }

    /** One line for the outcome of an up: all Ready (and the env file), or the first database that is not. */
    static Notice upNotice(io.dbdock.project.ProjectFile project, io.dbdock.project.ProjectService.UpResult result) {
        if (result.ok()) {
            String env = result.envFile() == null ? "" : result.envChanged() ? "; wrote " + project.env().file()
                    : "; " + project.env().file() + " is up to date";
            return new Notice(project.project() + " is up: " + (result.databases().size() == 1 ? "its database is"
                    : "all " + result.databases().size() + " databases are") + " Ready" + env + ".", false);
        }
        for (io.dbdock.project.ProjectService.Outcome o : result.databases()) {
            if (o.problem() != null) {
                return new Notice(project.project() + ": " + o.database() + " could not be brought up: " + o.problem(), true);
            }
            if (o.initProblem() != null) {
                return new Notice(project.project() + ": " + o.database() + "'s init file " + o.initProblem(), true);
            }
            if (!o.ok()) {
                return new Notice(project.project() + ": " + o.database() + " is " + o.snapshot().state().label()
                        + (o.snapshot().detail().isEmpty() ? "." : ": " + o.snapshot().detail()), true);
            }
        }
        return new Notice(project.project() + " is not up.", true);
    }

    /** A message of many lines (a project file's problems) as a notice: the first, and how many more there are. */
    static String firstLines(String text) {
        java.util.List<String> lines = text.lines().filter(l -> !l.equals("Nothing was changed.")).toList();
        if (lines.size() <= 1) {
            return text.lines().findFirst().orElse(text);
        }
        return lines.get(0) + " (and " + (lines.size() - 1) + " more problem" + (lines.size() == 2 ? "" : "s") + "; nothing was changed)";
    }

    /** Up on a project's row: its dbdock.json as it is now. */
    public void projectUp(ProjectGroup group) {
        if (group.folder() == null) {
            fail("dbdock does not know where " + group.name() + "'s dbdock.json is. Open it with Open project… in the menu.");
            return;
        }
        openProject(group.folder());
    }

    /** Down on a project's row: stops its databases (their data stays). */
    public void projectDown(ProjectGroup group) {
        tasks.run("stop " + group.name(), () -> projects.down(group.name(), false, false),
                done -> tell(group.name() + ": " + (done.isEmpty() ? "nothing to stop." : "stopped its databases.")), this::fail);
    }

    public javafx.beans.property.ReadOnlyStringProperty revealProjectProperty() {
        return revealProject;
    }

    /** The server refuses the stored password (its data was made with another one) and dbdock can set it. */
    private static boolean refusesStoredPassword(InstanceItem item) {
        return item != null && item.state() == InstanceState.UNHEALTHY
                && io.dbdock.probe.ProbeResult.offersPasswordFix(item.detailProperty().get());
    }

    /** Sets the password inside the database to the stored one (see {@link #refusesStoredPassword}). */
    public void fixPassword(InstanceItem item) {
        String name = item.nameProperty().get();
        tasks.run("fix the password of " + name, () -> service.fixPassword(item.id().toString()),
                s -> tell("The database of " + name + " now takes the stored password; it is " + s.state().label() + "."), this::fail);
    }

    public void delete(InstanceItem item, boolean deleteData) {
        String name = item.nameProperty().get();
        tasks.run("delete " + name, () -> service.delete(item.id().toString(), deleteData),
                kept -> tell(kept.map(where -> "Deleted " + name + "; its data is kept at " + where + ".")
                        .orElse("Deleted " + name + " and its data.")), this::fail);
    }

    /**
     * Deletes several instances one after another; one that cannot be deleted does not stop the
     * others, and one notice says how it went.
     */
    public void delete(List<InstanceItem> several, boolean deleteData) {
        if (several.size() == 1) {
            delete(several.get(0), deleteData);
            return;
        }
        List<InstanceItem> targets = List.copyOf(several);
        tasks.run("delete " + targets.size() + " instances", () -> {
            List<String> problems = new java.util.ArrayList<>();
            for (InstanceItem item : targets) {
                try {
                    service.delete(item.id().toString(), deleteData);
                } catch (io.dbdock.common.UserFacingException e) {
                    problems.add(e.getMessage());
                }
            }
            return problems;
        }, problems -> {
            int done = targets.size() - problems.size();
            String deleted = "Deleted " + done + (done == 1 ? " instance" : " instances")
                    + (done == 0 ? "" : (deleteData ? " and " : "; ") + (done == 1 ? "its" : "their") + " data" + (deleteData ? "" : " is kept"));
            if (problems.isEmpty()) {
                tell(deleted + ".");
            } else {
                fail(deleted + ". " + String.join(" ", problems));
            }
        }, this::fail);
    }

    /** Looks up the URI (it needs the password file) in the background and hands it to the clipboard. */
    public void copyUri(InstanceItem item, Consumer<String> clipboard) {
        tasks.run("copy the address of " + item.nameProperty().get(), () -> {
            return service.connection(item.record()).uri();
        }, uri -> {
            clipboard.accept(uri);
            tell("Copied the connection URI of " + item.nameProperty().get() + ".");
        }, this::fail);
    }

    /** Opens the engine's client in a terminal, or puts the command on the clipboard when there is none. */
    public void openShell(InstanceItem item, TerminalLauncher terminal, Consumer<String> clipboard) {
        String name = item.nameProperty().get();
        tasks.run("open a shell for " + name, () -> {
            List<String> command = service.shellCommand(item.record());
            return terminal.open(command) ? "" : TerminalLauncher.join(command);
        }, copied -> {
            if (copied.isEmpty()) {
                tell("Opened " + name + "'s client in a terminal.");
            } else {
                clipboard.accept(copied);
                tell("No terminal was found, so the command is on the clipboard: " + copied);
            }
        }, this::fail);
    }

    public void refresh() {
        tasks.run("refresh", () -> service.refresh(true), list -> { }, this::fail);
    }

    /** Outcomes the state change does not announce by itself: running, but not accepting the credentials. */
    private void report(InstanceSnapshot s) {
        if (s.state() == InstanceState.UNHEALTHY) {
            fail(s.name() + " is " + s.state().label() + (s.detail().isEmpty() ? "." : ": " + s.detail()));
        }
    }

    /** Tells the user something that happened outside the list (settings, the app itself). */
    public void inform(String text, boolean error) {
        announce(new Notice(text, error));
    }

    /** Tells the user about a problem found outside an action (e.g. at start-up). */
    public void warn(String text) {
        fail(text);
    }

    private void tell(String text) {
        announce(new Notice(text, false));
    }

    private void fail(String text) {
        announce(new Notice(text, true));
    }

    /** A failed action on a row: the reason stays on the row, and the notice offers the fix where there is one. */
    private void failOn(InstanceItem item, BackgroundTasks.Failure failure) {
        item.failed(failure.message());
        announce(new Notice(failure.message(), true, failure.remedy().flatMap(r -> offer(item, r))));
    }

    /** The button for a fix the window can carry out; none for the others (their message says what is wrong). */
    private Optional<Offer> offer(InstanceItem item, Remedy remedy) {
        if (remedy instanceof Remedy.MovePort move) {
            return Optional.of(new Offer("Move to port " + move.port(), () -> movePort(item, move.port())));
        }
        return Optional.empty();
    }

    private void announceStateChange(Notice n) {
        burst.offer(n, System.currentTimeMillis()).ifPresent(this::announce);
        if (burst.holding() && burstSummary != null) {
            burstSummary.request();
        }
    }

    /** Every notice reaches the listeners, even one equal to the last (the same instance stopping twice). */
    private void announce(Notice n) {
        notice.set(null);
        notice.set(n);
    }

    // ---- what the view binds to --------------------------------------------------------------

    public ObservableList<InstanceItem> items() {
        return items;
    }

    /** The instances the list shows: those that match the filter. */
    public ObservableList<InstanceItem> shown() {
        return shown;
    }

    public StringProperty filterProperty() {
        return filter;
    }

    /**
     * The filter's one rule: every word typed must appear (ignoring case) in the instance's name,
     * engine (its id, its name, its variant), version, port, project or docker context.
     */
    public static boolean matches(io.dbdock.model.InstanceRecord r, String engineName, String query) {
        if (query == null || query.isBlank()) {
            return true;
        }
        String haystack = String.join(" ", r.name(), r.engineWithVariant(), engineName, r.version(), String.valueOf(r.port()),
                r.project() == null ? "" : r.project().project(), r.place() == null ? "" : r.place().context())
                .toLowerCase(java.util.Locale.ROOT);
        return java.util.Arrays.stream(query.toLowerCase(java.util.Locale.ROOT).trim().split("\\s+")).allMatch(haystack::contains);
    }

    private java.util.function.Predicate<InstanceItem> filterPredicate(String query) {
        return item -> matches(item.record(), service == null ? ""
                : service.catalog().find(item.record().engine()).map(e -> e.displayName()).orElse(""), query);
    }

    public ObjectProperty<InstanceItem> selectedProperty() {
        return selected;
    }

    /** The selected instances, in the list's order; the window keeps it in step with its selection. */
    public ObservableList<InstanceItem> chosen() {
        return chosen;
    }

    /** True while at least one selected instance allows the action. */
    public BooleanBinding chosenAllow(InstanceAction action) {
        return Bindings.createBooleanBinding(() -> chosen.stream().anyMatch(i -> allows(i.state(), action)), chosen);
    }

    public BooleanProperty dockerAvailableProperty() {
        return dockerAvailable;
    }

    /** Runs the action (on the FX thread) once the stored instance list is in; at once if it already is. */
    public void whenLoaded(Runnable action) {
        if (loaded.get()) {
            action.run();
            return;
        }
        loaded.addListener(new javafx.beans.value.ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends Boolean> o, Boolean was, Boolean now) {
                if (now) {
                    o.removeListener(this);
                    action.run();
                }
            }
        });
    }

    public BooleanProperty loadedProperty() {
        return loaded;
    }

    public StringProperty dockerTextProperty() {
        return dockerText;
    }

    public ReadOnlyStringProperty dockerDownTitleProperty() {
        return dockerDownTitle;
    }

    public ReadOnlyStringProperty dockerDownHintProperty() {
        return dockerDownHint;
    }

    public StringProperty dockerProblemProperty() {
        return dockerProblem;
    }

    public ObjectProperty<Notice> noticeProperty() {
        return notice;
    }

    /** Set to a row the window should select (an instance it just created); set again for the same row. */
    public javafx.beans.property.ReadOnlyObjectProperty<InstanceItem> revealProperty() {
        return reveal;
    }

    public InstanceService service() {
        return service;
    }

    /** The one rule (InstanceState.allows), null-safe for an empty selection. */
    public static boolean allows(InstanceState s, InstanceAction action) {
        return s != null && s.allows(action);
    }

    /** True while the selected row allows the action. */
    public BooleanBinding selectedAllows(InstanceAction action) {
        return selectedIs(s -> s.allows(action));
    }

    /**
     * True while the selected row's server refuses the stored password ({@link #refusesStoredPassword}). Live, so a
     * menu opened while a late probe still said Starting shows Fix password once the row says Unhealthy again.
     */
    public BooleanBinding selectedRefusesStoredPassword() {
        javafx.beans.binding.ObjectBinding<InstanceState> state = Bindings.select(selected, "state");
        javafx.beans.binding.StringBinding detail = Bindings.selectString(selected, "detail");
        return Bindings.createBooleanBinding(() -> {
            state.get(); // read both, so neither lazy binding stops reporting changes
            detail.get();
            return refusesStoredPassword(selected.get());
        }, selected, state, detail);
    }

    /** True while the selected row's state passes the test. */
    public BooleanBinding selectedIs(java.util.function.Predicate<InstanceState> test) {
        // Read through the select binding: a lazy binding that is never read stops reporting changes.
        javafx.beans.binding.ObjectBinding<InstanceState> state = Bindings.select(selected, "state");
        return Bindings.createBooleanBinding(() -> state.get() != null && test.test(state.get()), state);
    }
}
