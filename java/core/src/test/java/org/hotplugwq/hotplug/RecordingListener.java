package org.hotplugwq.hotplug;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** Collects delivered actions as {@code "CPU_DEAD cpu1"} strings (and the full events). */
final class RecordingListener implements HotplugEventListener {
    final List<HotplugEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void onDelivered(HotplugEvent event) {
        events.add(event);
    }

    List<String> actions() {
        return events.stream().map(e -> e.action() + " cpu" + e.cpu()).collect(Collectors.toList());
    }

    List<String> actionsWithOrigin() {
        return events.stream().map(e -> e.action() + " cpu" + e.cpu() + " " + e.origin().label())
                .collect(Collectors.toList());
    }

    void clear() {
        events.clear();
    }
}
