package io.dbdock.ui.details;

import io.dbdock.backup.BackupInfo;
import io.dbdock.backup.TransferProgress;
import io.dbdock.common.Sizes;
import io.dbdock.instance.InstanceService;
import io.dbdock.model.InstanceRecord;
import io.dbdock.ui.common.BackgroundTasks;
import io.dbdock.ui.common.FxCoalescer;
import io.dbdock.ui.main.InstanceItem;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The selected instance's backups and the data actions on it (back up, restore, clone, delete).
 * One action runs at a time, in the background; its progress reaches the FX thread at most every
 * 100 ms. Touched on the FX thread only.
 */
public final class BackupsViewModel {
    private final InstanceService service;
    private final BackgroundTasks tasks;
    private final ObjectProperty<InstanceItem> instance = new SimpleObjectProperty<>();
    private final ObservableList<BackupInfo> backups = FXCollections.observableArrayList();
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final StringProperty status = new SimpleStringProperty("");
    private final BooleanProperty failed = new SimpleBooleanProperty(false);
    /** 0..1 while the size is known, -1 (indeterminate) while it is not, 0 when idle. */
    private final DoubleProperty progress = new SimpleDoubleProperty(0);
    private final AtomicReference<TransferProgress> latest = new AtomicReference<>();
    /** The version the last upgrade came from, while it can still be rolled back; empty otherwise. */
    private final StringProperty rollBackTo = new SimpleStringProperty("");
    private final FxCoalescer progressDrain;
    /** A backup is a dump and its record beside it: the changes of one burst become one reload. */
    private final FxCoalescer changeDrain;
    private final java.util.concurrent.ConcurrentLinkedQueue<String> changedFolders = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private int generation;
    private final BooleanProperty active = new SimpleBooleanProperty(false);
    /** The instance whose backups the lists hold now (null: none read yet). */
    private java.util.UUID shown;
    /** Each instance's last result line: a message belongs to its instance and shows only under it. */
    private final java.util.Map<java.util.UUID, Message> messages = new java.util.HashMap<>();
    /** The instance the running action is for (its progress shows only under it). */
    private java.util.UUID busyFor;

    private record Message(String text, boolean error) {
    }
    private final BooleanProperty daily = new SimpleBooleanProperty(false);
    private final ObjectProperty<Integer> keep = new SimpleObjectProperty<>(7);
    /** Set while the schedule shown is being filled from the instance, so that is not saved back. */
    private boolean showingSchedule;

    public BackupsViewModel(InstanceService service, BackgroundTasks tasks, Executor fx) {
        this.service = service;
        this.tasks = tasks;
        this.progressDrain = new FxCoalescer(100, fx, this::showProgress);
        this.changeDrain = new FxCoalescer(200, fx, this::reloadIfShownChanged);
        // Read only while the tab is on screen: selecting rows with the tab closed costs nothing.
        instance.addListener((o, was, now) -> {
            if (was == null || now == null || !was.id().equals(now.id())) {
                showMessageOf(now);
                reload();
            }
        });
        active.addListener((o, was, now) -> {
            if (now && (instance.get() == null || !instance.get().id().equals(shown))) {
                reload();
            }
        });
        daily.addListener((o, was, now) -> saveSchedule());
        keep.addListener((o, was, now) -> {
            if (daily.get()) {
                saveSchedule();
            }
        });
    }

    /** Daily automatic backups of the selected instance (while the app runs). */
    public BooleanProperty dailyProperty() {
        return daily;
    }

    /** How many scheduled backups to keep. */
    public ObjectProperty<Integer> keepProperty() {
        return keep;
    }

    private void showSchedule(boolean on, int kept) {
        showingSchedule = true;
        try {
            daily.set(on);
            keep.set(kept);
        } finally {
            showingSchedule = false;
        }
    }

    private void saveSchedule() {
        InstanceItem item = instance.get();
        if (showingSchedule || item == null) {
            return;
        }
        boolean on = daily.get();
        int kept = keep.get() == null ? 7 : keep.get();
        String name = item.record().name();
        String id = item.id().toString();
        tasks.run("save the backup schedule of " + name, () -> {
            service.setBackupSchedule(id, on ? java.util.Optional.of(io.dbdock.backup.BackupSchedule.daily(kept)) : java.util.Optional.empty());
            return null;
        }, done -> report(on ? name + " is backed up daily while dbdock runs; the newest " + kept + " such backups are kept."
                : "No automatic backups of " + name + " any more.", false), problem -> report(problem, true));
    }

    public ObjectProperty<InstanceItem> instanceProperty() {
        return instance;
    }

    public ObservableList<BackupInfo> backups() {
        return backups;
    }

    /** True while the Backups tab is on screen. */
    public BooleanProperty activeProperty() {
        return active;
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    public StringProperty statusProperty() {
        return status;
    }

    public BooleanProperty failedProperty() {
        return failed;
    }

    public DoubleProperty progressProperty() {
        return progress;
    }

    public StringProperty rollBackToProperty() {
        return rollBackTo;
    }

    /** Where the selected instance can be upgraded to: newer versions of its engine, then an engine it can switch to. */
    public java.util.List<InstanceService.UpgradeTarget> upgradeTargets() {
        InstanceItem item = instance.get();
        return item == null ? java.util.List.of() : service.upgradeTargets(item.record());
    }

    public void upgrade(InstanceService.UpgradeTarget target) {
        InstanceRecord r = selected();
        if (r == null) {
            return;
        }
        long started = System.currentTimeMillis();
        run("upgrade " + r.name(), "Upgrading " + r.name() + " to " + target.label() + "…",
                progress -> service.upgrade(r.id().toString(), target.target(), progress),
                up -> "Upgraded " + r.name() + " to " + up.snapshot().record().engineWithVariant() + " "
                        + up.snapshot().record().version() + " in " + seconds(started) + ". " + up.comparison() + " The " + r.version() + " data is kept for a rollback.");
    }

    public void rollBack() {
        InstanceRecord r = selected();
        if (r == null) {
            return;
        }
        run("roll back " + r.name(), "Rolling " + r.name() + " back…", progress -> service.rollBackUpgrade(r.id().toString()),
                s -> "Rolled " + r.name() + " back to " + s.record().engineWithVariant() + " " + s.record().version() + ".");
    }

    /** Backups of the instance with this slug changed on disk (any thread): the list follows if it shows them. */
    public void backupsChanged(String slug) {
        changedFolders.add(slug);
        changeDrain.request();
    }

    private void reloadIfShownChanged() {
        java.util.Set<String> changed = new java.util.HashSet<>();
        for (String s; (s = changedFolders.poll()) != null; ) {
            changed.add(s);
        }
        InstanceItem item = instance.get();
        if (item != null && active.get() && !busy.get() && changed.contains(item.record().slug())) {
            reload();
        }
    }

    /** Reads the selected instance's backups again (in the background). */
    public void reload() {
        int current = ++generation;
        InstanceItem item = instance.get();
        boolean again = item != null && item.id().equals(shown) && active.get();
        if (!again) {
            backups.clear();
            rollBackTo.set("");
            showSchedule(false, 7);
        }
        if (item == null || !active.get()) {
            shown = null;
            return;
        }
        shown = item.id();
        String id = item.id().toString();
        tasks.run("read the backups of " + item.record().name(), () -> new Shown(service.backups(id),
                service.lastUpgrade(id).map(u -> u.fromEngine() == null ? u.fromVersion()
                        : service.catalog().find(u.fromEngine()).map(e -> e.displayName()).orElse(u.fromEngine()) + " " + u.fromVersion())
                        .orElse(""), service.backupSchedule(id)), state -> {
            if (current == generation) {
                update(state.backups());
                rollBackTo.set(state.rollBackTo());
                showSchedule(state.schedule().isPresent(), state.schedule().map(io.dbdock.backup.BackupSchedule::keep).orElse(7));
            }
        }, problem -> report(problem, true));
    }

    /**
     * The list as read, changed in place: rows still there stay (with the user's selection on
     * them), gone ones go, new ones come in at their place (newest first, as read).
     */
    private void update(java.util.List<BackupInfo> read) {
        if (backups.equals(read)) {
            return;
        }
        backups.retainAll(read);
        for (int i = 0; i < read.size(); i++) {
            if (i >= backups.size() || !backups.get(i).equals(read.get(i))) {
                backups.add(i, read.get(i));
            }
        }
        if (!backups.equals(read)) {
            backups.setAll(read); // read in another order than shown: the read one wins
        }
    }

    /** What the tab shows of one instance, read in one background task. */
    private record Shown(java.util.List<BackupInfo> backups, String rollBackTo, java.util.Optional<io.dbdock.backup.BackupSchedule> schedule) {
    }

    /** Where this instance's backups are kept (for "Show in folder"). */
    public Path folder() {
        InstanceItem item = instance.get();
        return item == null ? null : service.backupFolder(item.record());
    }

    public void backUp() {
        InstanceRecord r = selected();
        if (r == null) {
            return;
        }
        long started = System.currentTimeMillis();
        run("back up " + r.name(), "Backing up " + r.name() + "…", progress -> service.backup(r.id().toString(), null, progress),
                info -> "Backed up " + r.name() + ": " + Sizes.bytes(info.bytes()) + " (" + Sizes.bytes(info.rawBytes()) + " of dump) in "
                        + seconds(started) + ".");
    }

    public void restore(Path file) {
        InstanceRecord r = selected();
        if (r == null || file == null) {
            return;
        }
        long started = System.currentTimeMillis();
        run("restore " + r.name(), "Restoring " + r.name() + "…", progress -> service.restore(r.id().toString(), file, progress),
                restored -> "Restored " + r.name() + " from " + file.getFileName() + " in " + seconds(started)
                        + ". Its data from before is kept (see Storage in the ☰ menu).");
    }

    /** A new instance from a backup file, named as given (engine and version from the backup). */
    public void restoreAsNew(Path file, String newName) {
        if (file == null || busy.get()) {
            return;
        }
        long started = System.currentTimeMillis();
        run("restore " + file.getFileName() + " as " + newName, "Creating " + newName + " from " + file.getFileName() + "…",
                progress -> service.restoreAsNew(file, newName, null, null, progress),
                created -> "Created " + created.snapshot().record().name() + " (port " + created.snapshot().record().port()
                        + ") from " + file.getFileName() + " in " + seconds(started) + ".");
    }

    public void cloneAs(String newName) {
        InstanceRecord r = selected();
        if (r == null) {
            return;
        }
        long started = System.currentTimeMillis();
        run("clone " + r.name(), "Cloning " + r.name() + " into " + newName + "…",
                progress -> service.cloneInstance(r.id().toString(), newName, progress),
                created -> "Cloned " + r.name() + " into " + created.snapshot().record().name() + " (port "
                        + created.snapshot().record().port() + ") in " + seconds(started) + ".");
    }

    public void delete(BackupInfo backup) {
        if (backup == null || busy.get()) {
            return;
        }
        tasks.run("delete the backup " + backup.file().getFileName(), () -> {
            service.deleteBackup(backup.file());
            return null;
        }, done -> {
            backups.remove(backup);
            report("Deleted " + backup.file().getFileName() + ".", false);
        }, problem -> report(problem, true));
    }

    private InstanceRecord selected() {
        InstanceItem item = instance.get();
        return item == null || busy.get() ? null : item.record();
    }

    /** Runs one data action in the background with progress, then shows its result and reloads the list. */
    private <T> void run(String what, String startText, Work<T> work, java.util.function.Function<T, String> result) {
        java.util.UUID owner = instance.get() == null ? null : instance.get().id();
        busyFor = owner;
        busy.set(true);
        failed.set(false);
        status.set(startText);
        progress.set(-1);
        Consumer<TransferProgress> onProgress = p -> {
            latest.set(p);
            progressDrain.request();
        };
        tasks.run(what, () -> work.run(onProgress), value -> {
            finish();
            report(owner, result.apply(value), false);
            reload();
        }, problem -> {
            finish();
            report(owner, problem, true);
            reload();
        });
    }

    private void finish() {
        busyFor = null;
        busy.set(false);
        latest.set(null);
        progress.set(0);
    }

    private void showProgress() {
        TransferProgress p = latest.get();
        if (p == null || !busy.get() || instance.get() == null || !instance.get().id().equals(busyFor)) {
            return;
        }
        progress.set(p.total() > 0 ? Math.min(1.0, (double) p.bytes() / p.total()) : -1);
        status.set(p.step() + ": " + Sizes.bytes(p.bytes()) + (p.total() > 0 ? " of " + Sizes.bytes(p.total()) : ""));
    }

    /** A result for the instance shown now. */
    private void report(String text, boolean error) {
        report(instance.get() == null ? null : instance.get().id(), text, error);
    }

    /** A result for an instance: kept with it, shown while it is the one selected. */
    private void report(java.util.UUID owner, String text, boolean error) {
        if (owner != null) {
            messages.put(owner, new Message(text, error));
        }
        if (owner == null || instance.get() != null && instance.get().id().equals(owner)) {
            status.set(text);
            failed.set(error);
        }
    }

    private void showMessageOf(InstanceItem item) {
        Message m = item == null ? null : messages.get(item.id());
        boolean running = busy.get() && item != null && item.id().equals(busyFor);
        if (!running) {
            status.set(m == null ? "" : m.text());
            failed.set(m != null && m.error());
        }
    }

    private static String seconds(long started) {
        return String.format(Locale.ROOT, "%.1f s", (System.currentTimeMillis() - started) / 1000.0);
    }

    /** Background work that reports transfer progress. */
    @FunctionalInterface
    private interface Work<T> {
        T run(Consumer<TransferProgress> progress) throws Exception;
    }
}
