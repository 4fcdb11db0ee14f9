package io.dbdock.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one rule for which actions each state offers (window, tray and CLI all ask it). */
class InstanceStateTest {
    private static Set<InstanceState> allowing(InstanceAction action) {
        Set<InstanceState> states = EnumSet.noneOf(InstanceState.class);
        for (InstanceState s : InstanceState.values()) {
            if (s.allows(action)) {
                states.add(s);
            }
        }
        return states;
    }

    @Test
    void eachActionIsOfferedInTheStatesWhereItMakesSense() {
        assertEquals(EnumSet.of(InstanceState.STOPPED, InstanceState.ERROR, InstanceState.MISSING, InstanceState.UNKNOWN),
                allowing(InstanceAction.START), "a missing container is recreated by Start");
        assertEquals(EnumSet.of(InstanceState.STARTING, InstanceState.READY, InstanceState.UNHEALTHY), allowing(InstanceAction.STOP));
        assertEquals(EnumSet.of(InstanceState.READY, InstanceState.UNHEALTHY), allowing(InstanceAction.RESTART));
        assertEquals(EnumSet.of(InstanceState.READY, InstanceState.UNHEALTHY), allowing(InstanceAction.OPEN_SHELL),
                "the window and the tray offer the shell in the same states");
        assertEquals(EnumSet.complementOf(EnumSet.of(InstanceState.CREATING, InstanceState.PULLING, InstanceState.STOPPING,
                        InstanceState.ELSEWHERE)),
                allowing(InstanceAction.DELETE), "busy instances cannot be deleted, nor one on another engine from here");
        assertEquals(EnumSet.complementOf(EnumSet.of(InstanceState.ELSEWHERE)), allowing(InstanceAction.COPY_URI),
                "an instance on another engine has that engine's address");
    }
}
