package io.dbdock.docker;

import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.PullResponseItem;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/** Images: whether one is here, and pulling one with progress (stalls detected, no overall deadline). */
final class ImageCalls extends SessionCalls {

    ImageCalls(DockerSession session) {
        super(session);
    }

    public boolean imageExists(String image) {
        return call("inspect image " + image, () -> {
            try {
                client.inspectImageCmd(image).exec();
                return true;
            } catch (NotFoundException e) {
                return false;
            }
        });
    }

    public void pullImage(String image, IntConsumer percent) {
        int colon = image.lastIndexOf(':');
        boolean hasTag = colon > image.lastIndexOf('/');
        String repository = hasTag ? image.substring(0, colon) : image;
        String tag = hasTag ? image.substring(colon + 1) : "latest";
        PullProgress progress = new PullProgress();
        java.util.concurrent.atomic.AtomicLong lastNews = new java.util.concurrent.atomic.AtomicLong(System.nanoTime());
        // A download may take many minutes; it only fails here when the engine reports nothing at all for a while.
        java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);
        call("pull " + image, DockerSession.PULL_DEADLINE, () -> {
            PullImageResultCallback callback = session.streams().pullImageCmd(repository).withTag(tag).exec(new PullImageResultCallback() {
                @Override
                public void onNext(PullResponseItem item) {
                    super.onNext(item);
                    lastNews.set(System.nanoTime());
                    var detail = item.getProgressDetail();
                    percent.accept(progress.update(item.getId(), item.getStatus(),
                            detail == null ? null : detail.getCurrent(), detail == null ? null : detail.getTotal()));
                }

                @Override
                public void onComplete() {
                    super.onComplete();
                    ended.countDown();
                }

                @Override
                public void onError(Throwable t) {
                    super.onError(t);
                    ended.countDown();
                }
            });
            try {
                // Not awaitCompletion(timeout): docker-java checks for success there even while the pull still runs.
                while (!ended.await(1, TimeUnit.SECONDS)) {
                    if (System.nanoTime() - lastNews.get() > DockerSession.PULL_STALL.toNanos()) {
                        DockerSession.closeQuietly(callback);
                        throw new IllegalStateException("the download made no progress for " + DockerSession.PULL_STALL.toSeconds() + " s");
                    }
                }
                callback.awaitCompletion(); // done: reports the pull's own error, if any
            } catch (DockerException e) {
                throw new IllegalStateException(DockerSession.plainMessage(e), e);
            } catch (InterruptedException e) {
                DockerSession.closeQuietly(callback);
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while pulling " + image, e);
            }
            return null;
        });
        percent.accept(100);
    }
}
