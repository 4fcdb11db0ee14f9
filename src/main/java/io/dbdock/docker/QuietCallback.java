package io.dbdock.docker;

import com.github.dockerjava.api.async.ResultCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stream callback that ends quietly when the engine goes away: docker-java's own adapter
 * logs every broken stream as an ERROR with a stack trace, which is noise when Docker stops.
 */
class QuietCallback<T> extends ResultCallback.Adapter<T> {
    private static final Logger LOG = LoggerFactory.getLogger(QuietCallback.class);

    @Override
    public void onError(Throwable t) {
        LOG.info("Docker stream ended: {}", DockerSession.rootMessage(t));
        DockerSession.closeQuietly(this);
    }
}
