package org.hotplugwq.linux;

/** The netlink uevent socket could not be opened (typically: inside a container without the netns). */
public final class UeventUnavailableException extends Exception {
    /**
     * The socket could not be opened or bound.
     *
     * @param message why, in one line
     * @param cause   the failed call
     */
    public UeventUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
