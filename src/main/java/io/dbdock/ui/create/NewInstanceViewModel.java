package io.dbdock.ui.create;

import io.dbdock.engine.EngineSpec;
import io.dbdock.engine.EngineVersion;
import io.dbdock.instance.CreateRequest;
import io.dbdock.instance.InputRules;
import io.dbdock.instance.InstanceService;
import io.dbdock.model.StorageKind;
import io.dbdock.ui.common.BackgroundTasks;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The new-instance form: every field with its own error message, checked as the user types.
 * The port is suggested and checked against the machine in the background (never on the FX thread).
 */
public final class NewInstanceViewModel {
    private final InstanceService service;
    private final BackgroundTasks tasks;
    private final Collection<String> takenNames;

    private final ObjectProperty<EngineSpec> engine = new SimpleObjectProperty<>();
    private final ObservableList<String> versions = FXCollections.observableArrayList();
    /** The extensions the chosen engine offers as variants (PostgreSQL's pgvector, PostGIS, TimescaleDB), each a check box. */
    private final ObservableList<ExtensionChoice> extensions = FXCollections.observableArrayList();
    private final StringProperty extensionError = new SimpleStringProperty("");
    private final StringProperty version = new SimpleStringProperty();
    private final StringProperty name = new SimpleStringProperty("");
    private final StringProperty nameError = new SimpleStringProperty("");
    private final StringProperty port = new SimpleStringProperty("");
    private final StringProperty portError = new SimpleStringProperty("");
    /** Why the suggested port is not the engine's usual one ("5432 is taken: ..."), or empty. */
    private final StringProperty portNote = new SimpleStringProperty("");
    private String suggested = "";
    private final BooleanProperty portChecking = new SimpleBooleanProperty(false);
    private final StringProperty password = new SimpleStringProperty(InputRules.generatedPassword());
    private final StringProperty passwordError = new SimpleStringProperty("");
    private final ObjectProperty<StorageKind> storage = new SimpleObjectProperty<>(StorageKind.defaultFor(io.dbdock.common.Platform.current()));
    private final BooleanProperty otherMachines = new SimpleBooleanProperty(false);
    /** The engines it can be made on: the window's own first, then the other docker contexts it follows (empty: only its own). */
    private final ObservableList<String> places = FXCollections.observableArrayList();
    private final StringProperty place = new SimpleStringProperty();
    /** A folder on this computer is no storage for an engine on another machine. */
    private final BooleanProperty folderAllowed = new SimpleBooleanProperty(true);
    private final BooleanBinding valid;
    private int portCheck;

    public NewInstanceViewModel(InstanceService service, BackgroundTasks tasks, Collection<String> takenNames) {
        this.service = service;
        this.tasks = tasks;
        this.takenNames = List.copyOf(takenNames);
        engine.addListener((o, was, now) -> engineChanged(now));
        name.addListener((o, was, now) -> nameError.set(nameProblem(now)));
        port.addListener((o, was, now) -> checkPort());
        otherMachines.addListener((o, was, now) -> checkPort());
        password.addListener((o, was, now) -> passwordError.set(problemOrEmpty(InputRules.passwordProblem(engine.get(), now))));
        if (!service.followedEngines().isEmpty()) {
            places.add(service.context());
            places.addAll(service.followedEngines().keySet());
            place.set(places.get(0));
        }
        place.addListener((o, was, now) -> placeChanged());
        placeChanged();
        valid = Bindings.createBooleanBinding(() -> engine.get() != null && version.get() != null
                        && nameError.get().isEmpty() && portError.get().isEmpty() && !portChecking.get()
                        && passwordError.get().isEmpty() && !port.get().isBlank() && extensionError.get().isEmpty(),
                engine, version, nameError, portError, portChecking, passwordError, port, extensionError);
    }

    /** The engine it is made on: a remote one keeps the data in a volume there; its ports are checked there. */
    private void placeChanged() {
        boolean remote = target().onAnotherMachine();
        folderAllowed.set(!remote);
        if (remote) {
            storage.set(StorageKind.VOLUME);
        }
        if (engine.get() != null) {
            suggestPort();
            checkPort();
        }
    }

    /** The service of the engine chosen (the window's own, or a followed one). */
    private InstanceService target() {
        return service.onEngine(place.get());
    }

    /** One extension to tick, with a line on what it is for. */
    public record ExtensionChoice(String id, String label, String purpose, BooleanProperty selected) {
    }

    private void engineChanged(EngineSpec now) {
        extensions.setAll(now.variantChoices().stream().map(c -> {
            var alone = now.variantOfChoice(c).orElseThrow();
            ExtensionChoice choice = new ExtensionChoice(c, alone.displayName(), alone.purpose(), new SimpleBooleanProperty(false));
            choice.selected().addListener((o, was, ticked) -> extensionsChanged());
            return choice;
        }).toList());
        extensionError.set("");
        versions.setAll(now.versions().stream().map(EngineVersion::version).toList());
        version.set(now.defaultVersion());
        if (name.get().isBlank() || takenNamesLike(name.get())) {
            name.set(InputRules.defaultName(now.id(), takenNames.stream().map(InputRules::slug).toList()));
        }
        nameError.set(nameProblem(name.get()));
        passwordError.set(problemOrEmpty(InputRules.passwordProblem(now, password.get())));
        suggestPort();
    }

    /** The variant the ticked boxes lead to decides the versions offered; a combination no image has is refused beside the boxes. */
    private void extensionsChanged() {
        EngineSpec base = engine.get();
        List<String> chosen = chosenExtensions();
        EngineSpec effective;
        if (chosen.isEmpty()) {
            effective = base;
        } else {
            var variant = base.variantFor(chosen);
            if (variant.isEmpty()) {
                extensionError.set(String.join(" and ", chosen.stream().map(this::labelOf).toList())
                        + " cannot be combined: no image has them all. Untick one.");
                return;
            }
            effective = base.withVariant(variant.get());
        }
        extensionError.set("");
        String current = version.get();
        List<String> offered = effective.versions().stream().map(EngineVersion::version).toList();
        versions.setAll(offered);
        version.set(offered.contains(current) ? current : effective.defaultVersion());
    }

    private String labelOf(String choice) {
        return extensions.stream().filter(c -> c.id().equals(choice)).map(ExtensionChoice::label).findFirst().orElse(choice);
    }

    private List<String> chosenExtensions() {
        return extensions.stream().filter(c -> c.selected().get()).map(ExtensionChoice::id).toList();
    }

    private boolean takenNamesLike(String current) {
        return service.catalog().all().stream().anyMatch(e -> current.equals(e.id()) || current.startsWith(e.id() + "-"));
    }

    private String nameProblem(String candidate) {
        String problem = InputRules.nameProblem(candidate);
        if (problem != null) {
            return problem;
        }
        String slug = InputRules.slug(candidate);
        for (String taken : takenNames) {
            if (taken.equalsIgnoreCase(candidate) || InputRules.slug(taken).equals(slug)) {
                return "An instance named '" + taken + "' already exists.";
            }
        }
        return "";
    }

    /** A free port, and why it is not the engine's usual one (empty when it is). */
    private record Suggestion(int port, String why) {
    }

    private void suggestPort() {
        EngineSpec e = engine.get();
        String bind = bindAddress();
        portChecking.set(true);
        int check = ++portCheck;
        tasks.run("find a free port", () -> {
            InstanceService on = target();
            int p = on.suggestPort(e.id(), bind);
            // The usual port is taken: say by what, so that 5433 is no surprise.
            String why = p == e.containerPort() ? "" : on.portProblem(e.containerPort(), bind)
                    .map(reason -> e.containerPort() + " is taken (" + reason + "), so dbdock picked " + p + ".").orElse("");
            return new Suggestion(p, why);
        }, found -> {
            if (check == portCheck) {
                portChecking.set(false);
                suggested = String.valueOf(found.port());
                port.set(suggested);
                portNote.set(found.why());
            }
        }, error -> {
            if (check == portCheck) {
                portChecking.set(false);
                portError.set(error);
            }
        });
    }

    /** Parses at once; asks the machine whether the port is free in the background (latest answer wins). */
    private void checkPort() {
        if (!port.get().equals(suggested)) {
            portNote.set(""); // the user's own port needs no explaining
        }
        String invalid = InputRules.portTextProblem(port.get());
        if (invalid != null) {
            portCheck++; // An answer still on its way for an earlier port no longer counts.
            portChecking.set(false);
            portError.set(invalid);
            return;
        }
        int value = Integer.parseInt(port.get().trim());
        portChecking.set(true);
        int check = ++portCheck;
        String bind = bindAddress();
        InstanceService on = target();
        tasks.run("check port " + value, () -> on.portProblem(value, bind), problem -> {
            if (check == portCheck) {
                portChecking.set(false);
                portError.set(problem.map(p -> capitalize(p) + ".").orElse(""));
            }
        }, error -> {
            if (check == portCheck) {
                portChecking.set(false);
                portError.set(error);
            }
        });
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }

    private static String problemOrEmpty(String problem) {
        return problem == null ? "" : problem;
    }

    public String bindAddress() {
        return otherMachines.get() ? "0.0.0.0" : "127.0.0.1";
    }

    public void generatePassword() {
        password.set(InputRules.generatedPassword());
    }

    /** What the Create button sends to the service; only call when {@link #validProperty()} holds. */
    public CreateRequest request() {
        return new CreateRequest(engine.get().id(), version.get(), name.get(), Integer.parseInt(port.get().trim()),
                bindAddress(), password.get(), storage.get(), true).withVariant(String.join(",", chosenExtensions()))
                .onEngine(places.isEmpty() || place.get().equals(places.get(0)) ? null : place.get());
    }

    public ObservableList<String> places() {
        return places;
    }

    public StringProperty placeProperty() {
        return place;
    }

    public javafx.beans.property.ReadOnlyBooleanProperty folderAllowedProperty() {
        return folderAllowed;
    }

    public List<EngineSpec> engines() {
        return service.catalog().all();
    }

    public ObjectProperty<EngineSpec> engineProperty() {
        return engine;
    }

    public ObservableList<ExtensionChoice> extensions() {
        return extensions;
    }

    public StringProperty extensionErrorProperty() {
        return extensionError;
    }

    public ObservableList<String> versions() {
        return versions;
    }

    public StringProperty versionProperty() {
        return version;
    }

    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty nameErrorProperty() {
        return nameError;
    }

    public StringProperty portProperty() {
        return port;
    }

    public StringProperty portNoteProperty() {
        return portNote;
    }

    public StringProperty portErrorProperty() {
        return portError;
    }

    public BooleanProperty portCheckingProperty() {
        return portChecking;
    }

    public StringProperty passwordProperty() {
        return password;
    }

    public StringProperty passwordErrorProperty() {
        return passwordError;
    }

    public ObjectProperty<StorageKind> storageProperty() {
        return storage;
    }

    public BooleanProperty otherMachinesProperty() {
        return otherMachines;
    }

    public BooleanBinding validProperty() {
        return valid;
    }
}
