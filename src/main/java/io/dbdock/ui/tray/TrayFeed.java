package io.dbdock.ui.tray;

import io.dbdock.ui.common.FxCoalescer;
import io.dbdock.ui.main.InstanceItem;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

/**
 * What every tray shows, kept in step with the instance list: the menu, the icon's look and the
 * tooltip, recomputed on the FX thread after any row's state, name or address changes (many
 * changes at once, as when Docker restarts, make one update).
 */
public final class TrayFeed {
    /** One update for the tray to show. */
    public record View(TrayMenu menu, TrayMenuModel.Look look, String tooltip) {
    }

    private static final long REFRESH_DELAY_MS = 20;
    private final ObservableList<InstanceItem> watched;
    /** Empty while Docker answers; otherwise why it does not (the window's words). */
    private final ObservableStringValue dockerProblem;
    private final TrayActions actions;
    private final Consumer<View> show;

    public TrayFeed(ObservableList<InstanceItem> items, ObservableStringValue dockerProblem, TrayActions actions, Consumer<View> show) {
        this.dockerProblem = dockerProblem;
        this.actions = actions;
        this.show = show;
        watched = FXCollections.observableArrayList(i -> new Observable[] {i.stateProperty(), i.nameProperty(), i.addressProperty()});
        Bindings.bindContent(watched, items);
        FxCoalescer refreshSoon = new FxCoalescer(REFRESH_DELAY_MS, Platform::runLater, this::refreshNow);
        watched.addListener((ListChangeListener<InstanceItem>) c -> refreshSoon.request());
        dockerProblem.addListener((o, was, now) -> refreshSoon.request());
    }

    /** Computes the view now and hands it to the tray (FX thread). */
    public void refreshNow() {
        String problem = dockerProblem.get();
        String dockerLine = problem == null || problem.isBlank() ? null : TrayMenuModel.dockerHeadline(problem);
        TrayMenu menu = TrayMenu.of(TrayMenuModel.entries(watched, problem), dockerLine, actions, this::find);
        show.accept(new View(menu, TrayMenuModel.look(watched, problem), TrayMenuModel.tooltip(watched, problem)));
    }

    private Optional<InstanceItem> find(UUID id) {
        return watched.stream().filter(i -> i.id().equals(id)).findFirst();
    }
}
