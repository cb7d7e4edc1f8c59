package org.hotplugwq.linux;

/** The netlink uevent socket could not be opened (typically: inside a container without the netns). */
public final class UeventUnavailableException extends Exception {
    public UeventUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
