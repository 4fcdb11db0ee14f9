package io.dbdock.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where the main window was when it was last closed: its bounds (in the desktop's logical
 * pixels), whether it was maximised, the split between the list and the details (0 to 1), and
 * the details tab that was open.
 */
public record WindowPlacement(@JsonProperty("x") double x,
                              @JsonProperty("y") double y,
                              @JsonProperty("width") double width,
                              @JsonProperty("height") double height,
                              @JsonProperty("maximized") boolean maximized,
                              @JsonProperty("divider") double divider,
                              @JsonProperty("tab") String tab) {
}
