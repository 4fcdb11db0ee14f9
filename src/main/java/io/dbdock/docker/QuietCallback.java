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

    /** Closed by dbdock (a log or stats view that went away): the error its socket then reports is no news. */
    private volatile boolean closedByUs;

    @Override
    public void close() throws java.io.IOException {
        closedByUs = true;
        super.close();
    }

    @Override
    public void onError(Throwable t) {
        if (closedByUs) {
            LOG.debug("Docker stream closed: {}", DockerSession.rootMessage(t));
        } else {
            LOG.info("Docker stream ended: {}", DockerSession.rootMessage(t));
        }
        DockerSession.closeQuietly(this);
    }
}
