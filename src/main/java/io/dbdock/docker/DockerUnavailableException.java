package io.dbdock.docker;

import io.dbdock.common.Problem;
import io.dbdock.common.UserFacingException;

/** No Docker engine answered; the message names what was tried and how to fix it. */
public class DockerUnavailableException extends UserFacingException {
    public DockerUnavailableException(String message, Throwable cause) {
        super(Problem.DOCKER_UNAVAILABLE, message, cause);
    }

    public DockerUnavailableException(String message, Throwable cause, io.dbdock.common.Remedy remedy) {
        super(Problem.DOCKER_UNAVAILABLE, message, cause, remedy);
    }
}
