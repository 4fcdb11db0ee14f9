package io.dbdock.ui.common;

import io.dbdock.instance.DockerStatus;
import io.dbdock.instance.InstanceListener;
import io.dbdock.instance.InstanceSnapshot;
import java.util.UUID;
import java.util.concurrent.Executor;

/** The one adapter that moves the service's events onto the FX thread. */
public final class FxInstanceEvents implements InstanceListener {
    private final InstanceListener target;
    private final Executor fx;

    public FxInstanceEvents(InstanceListener target, Executor fx) {
        this.target = target;
        this.fx = fx;
    }

    @Override
    public void instanceChanged(InstanceSnapshot snapshot) {
        fx.execute(() -> target.instanceChanged(snapshot));
    }

    @Override
    public void instanceRemoved(UUID id) {
        fx.execute(() -> target.instanceRemoved(id));
    }

    @Override
    public void notice(String text) {
        fx.execute(() -> target.notice(text));
    }

    @Override
    public void dockerChanged(DockerStatus status) {
        fx.execute(() -> target.dockerChanged(status));
    }

    @Override
    public void engineChanged(String context, DockerStatus status) {
        fx.execute(() -> target.engineChanged(context, status));
    }
}
