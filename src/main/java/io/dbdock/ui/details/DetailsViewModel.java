package io.dbdock.ui.details;

import io.dbdock.model.DockerStream;
import io.dbdock.model.ResourceSample;
import io.dbdock.instance.ConnectionInfo;
import io.dbdock.instance.InstanceService;
import io.dbdock.model.InstanceRecord;
import io.dbdock.ui.common.BackgroundTasks;
import io.dbdock.ui.main.InstanceItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The selected instance's connection details and live log. Log lines arrive on Docker's stream
 * thread into a queue; {@link #drainLogs()} (called on the FX thread soon after, see {@link #setOnArrival}) moves them into a
 * bounded list, so a chatty server never floods the FX thread or memory.
 */
public final class DetailsViewModel {
    public static final int MAX_LOG_LINES = 2000;
    /** Resource samples kept: about five minutes at one a second. */
    public static final int MAX_SAMPLES = 300;

    /** Everything the connection panel shows, read in the background (the password is in a file). */
    public record Connection(String host, int port, String user, String database, String password,
                             String uri, String jdbc, String env) {
    }

    private final InstanceService service;
    private final BackgroundTasks tasks;
    private final ObjectProperty<InstanceItem> instance = new SimpleObjectProperty<>();
    private final ObjectProperty<Connection> connection = new SimpleObjectProperty<>();
    private final ObservableList<String> logLines = FXCollections.observableArrayList();
    private final FilteredList<String> visibleLines = new FilteredList<>(logLines);
    private final StringProperty search = new SimpleStringProperty("");
    private final BooleanProperty paused = new SimpleBooleanProperty(false);
    private final StringProperty logProblem = new SimpleStringProperty("");
    private final Queue<String> incoming = new ConcurrentLinkedQueue<>();
    private final Queue<ResourceSample> incomingSamples = new ConcurrentLinkedQueue<>();
    private final ObservableList<ResourceSample> samples = FXCollections.observableArrayList();
    private volatile Runnable onArrival = () -> { };
    private volatile DockerStream logStream;
    private volatile DockerStream statsStream;
    private int generation;

    public DetailsViewModel(InstanceService service, BackgroundTasks tasks) {
        this.service = service;
        this.tasks = tasks;
        instance.addListener((o, was, now) -> show(now));
        search.addListener((o, was, now) -> {
            String needle = now == null ? "" : now.toLowerCase(Locale.ROOT);
            visibleLines.setPredicate(needle.isEmpty() ? null : line -> line.toLowerCase(Locale.ROOT).contains(needle));
        });
    }

    private void show(InstanceItem item) {
        int current = ++generation;
        closeLogs();
        logLines.clear();
        incoming.clear();
        logProblem.set("");
        connection.set(null);
        if (item == null) {
            return;
        }
        InstanceRecord record = item.record();
        tasks.run("read the connection details of " + record.name(), () -> connectionOf(record), c -> {
            if (current == generation) {
                connection.set(c);
            }
        }, problem -> logProblem.set(problem));
        followLogs(record, current);
        followStats(record, current);
    }

    /** Follows the log again when no line has come since it was last asked for (see DetailsController). */
    public void followLogsIfNothingArrived() {
        if (logLines.isEmpty() && incoming.isEmpty()) {
            reloadLogs();
        }
    }

    /** (Re)starts following the log, e.g. after the instance was started again. */
    public void reloadLogs() {
        InstanceItem item = instance.get();
        if (item != null) {
            int current = ++generation;
            closeLogs();
            logLines.clear();
            incoming.clear();
            logProblem.set("");
            followLogs(item.record(), current);
            followStats(item.record(), current);
        }
    }

    private void followStats(InstanceRecord record, int current) {
        tasks.run("read the resource use of " + record.name(),
                () -> service.stats(record.id().toString(), this::sampleArrived),
                stream -> {
                    if (current == generation) {
                        statsStream = stream;
                    } else {
                        stream.close();
                    }
                }, problem -> { });
    }

    /** Moves waiting resource samples into the chart data (FX thread), keeping the newest {@link #MAX_SAMPLES}. */
    public void drainSamples() {
        List<ResourceSample> batch = new ArrayList<>();
        ResourceSample s;
        while ((s = incomingSamples.poll()) != null) {
            batch.add(s);
        }
        if (batch.isEmpty()) {
            return;
        }
        samples.addAll(batch);
        int excess = samples.size() - MAX_SAMPLES;
        if (excess > 0) {
            samples.remove(0, excess);
        }
    }

    /** Called on Docker's stream thread for every sample. */
    public void sampleArrived(ResourceSample sample) {
        incomingSamples.add(sample);
        onArrival.run();
    }

    /** Called (on Docker's threads) after lines or samples arrive, so the view drains them soon. */
    public void setOnArrival(Runnable onArrival) {
        this.onArrival = onArrival;
    }

    public ObservableList<ResourceSample> samples() {
        return samples;
    }

    private void followLogs(InstanceRecord record, int current) {
        tasks.run("read the log of " + record.name(),
                () -> service.logs(record.id().toString(), true, 200, this::logLineArrived),
                stream -> {
                    if (current == generation) {
                        logStream = stream;
                    } else {
                        stream.close();
                    }
                }, problem -> {
                    if (current == generation) {
                        logProblem.set(problem);
                    }
                });
    }

    private Connection connectionOf(InstanceRecord r) {
        ConnectionInfo c = service.connection(r);
        return new Connection(c.host(), c.port(), c.user(), c.database(), c.password(), c.uri(), c.jdbc().orElse(""),
                String.join("\n", c.env()));
    }

    /** Called on Docker's stream thread for every line; cheap and thread-safe. */
    public void logLineArrived(String line) {
        incoming.add(line);
        onArrival.run();
    }

    /** Moves waiting log lines into the list (FX thread), keeping the newest {@link #MAX_LOG_LINES}. */
    public void drainLogs() {
        if (paused.get() || incoming.isEmpty()) {
            return;
        }
        List<String> batch = new ArrayList<>();
        String line;
        while ((line = incoming.poll()) != null) {
            batch.add(line);
        }
        logLines.addAll(batch);
        int excess = logLines.size() - MAX_LOG_LINES;
        if (excess > 0) {
            logLines.remove(0, excess);
        }
    }

    /** The visible lines as one text, for the clipboard. */
    public String visibleLogText() {
        return String.join("\n", visibleLines);
    }

    private void closeLogs() {
        for (DockerStream s : new DockerStream[] {logStream, statsStream}) {
            if (s != null) {
                s.close();
            }
        }
        logStream = null;
        statsStream = null;
        incomingSamples.clear();
        samples.clear();
    }

    public void close() {
        generation++;
        closeLogs();
    }

    public ObjectProperty<InstanceItem> instanceProperty() {
        return instance;
    }

    public ObjectProperty<Connection> connectionProperty() {
        return connection;
    }

    public ObservableList<String> logLines() {
        return logLines;
    }

    public FilteredList<String> visibleLines() {
        return visibleLines;
    }

    public StringProperty searchProperty() {
        return search;
    }

    public BooleanProperty pausedProperty() {
        return paused;
    }

    public StringProperty logProblemProperty() {
        return logProblem;
    }
}
