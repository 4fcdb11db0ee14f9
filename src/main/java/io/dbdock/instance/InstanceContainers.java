package io.dbdock.instance;

import io.dbdock.common.DataRoot;
import io.dbdock.common.Problem;
import io.dbdock.common.UserFacingException;
import io.dbdock.docker.ContainerSpec;
import io.dbdock.docker.DockerGateway;
import io.dbdock.docker.DockerUnavailableException;
import io.dbdock.docker.Labels;
import io.dbdock.engine.ContainerRecipe;
import io.dbdock.engine.Credentials;
import io.dbdock.engine.EngineSpec;
import io.dbdock.engine.EngineVersion;
import io.dbdock.engine.ImageResolver;
import io.dbdock.model.InstanceRecord;
import io.dbdock.model.StorageKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/** Builds an instance's container from its record and engine spec, and creates it with its secrets. */
final class InstanceContainers {
    private final DockerGateway docker;
    private final ImageResolver images;
    private final DataRoot root;

    InstanceContainers(DockerGateway docker, ImageResolver images, DataRoot root) {
        this.docker = docker;
        this.images = images;
        this.root = root; // its id (a digest) is worked out when a container is made, not by commands that only look
    }

    String image(EngineSpec engine, EngineVersion version) {
        return images.image(engine, version);
    }

    /** Labels on the container and its volume: enough to recognise (and later rebuild) the instance. */
    Map<String, String> labels(InstanceRecord r) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.MANAGED, "true");
        labels.put(Labels.ROOT, root.id());
        labels.put(Labels.SLUG, r.slug());
        labels.put(Labels.CREATED, r.createdAt().toString());
        labels.put(Labels.INSTANCE, r.id().toString());
        labels.put(Labels.NAME, r.name());
        labels.put(Labels.ENGINE, r.engine());
        labels.put(Labels.VERSION, r.version());
        if (r.variant() != null) {
            labels.put(Labels.VARIANT, r.variant());
        }
        labels.put(Labels.PORT, String.valueOf(r.port()));
        labels.put(Labels.BIND, r.bindAddress());
        labels.put(Labels.STORAGE, r.storage().id() + ":" + r.storageLocation());
        return labels;
    }

    ContainerSpec spec(InstanceRecord r, EngineSpec engine, EngineVersion version, ContainerRecipe recipe) {
        return new ContainerSpec(
                r.containerName(),
                image(engine, version),
                recipe.env(),
                recipe.command(),
                labels(r),
                List.of(new ContainerSpec.Mount(r.storageLocation(), version.dataMount(), r.storage() == StorageKind.VOLUME)),
                new ContainerSpec.PortMapping(r.bindAddress(), r.port(), engine.containerPort()));
    }

    /** Pulls the image unless the engine has it, reporting the percentage. */
    void ensureImage(EngineSpec engine, EngineVersion version, IntConsumer percent) {
        String image = image(engine, version);
        if (docker.imageExists(image)) {
            return;
        }
        percent.accept(0);
        try {
            docker.pullImage(image, percent);
        } catch (DockerUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new UserFacingException(Problem.FAILED, "Could not download the image " + image + " ("
                    + e.getMessage() + "). Check your network or the image name, then try again.", e);
        }
    }

    /**
     * Copies the secret files into an existing container again before it starts: the password
     * file in the instance's folder may have changed since the container was made.
     */
    void refreshSecrets(InstanceRecord r, EngineSpec engine, EngineVersion version, Credentials credentials) {
        docker.copyFiles(r.containerName(), engine.recipeFor(version, credentials).secretFiles());
    }

    /** Removes any old container of this name, creates a new one and copies the secret files in. */
    String create(InstanceRecord r, EngineSpec engine, EngineVersion version, Credentials credentials) {
        return create(r, engine, version, credentials, List.of());
    }

    /** As {@link #create(InstanceRecord, EngineSpec, EngineVersion, Credentials)}, with arguments added to the server command. */
    String create(InstanceRecord r, EngineSpec engine, EngineVersion version, Credentials credentials, List<String> extraArguments) {
        ContainerRecipe recipe = engine.recipeFor(version, credentials);
        if (!extraArguments.isEmpty()) {
            List<String> command = new java.util.ArrayList<>(recipe.command());
            command.addAll(extraArguments);
            recipe = new ContainerRecipe(recipe.env(), command, recipe.secretFiles());
        }
        docker.remove(r.containerName());
        String id = docker.createContainer(spec(r, engine, version, recipe));
        docker.copyFiles(id, recipe.secretFiles());
        return id;
    }
}
