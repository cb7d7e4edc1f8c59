package org.hotplugwq.hotplug;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hotplugwq.cpu.CpuAction;
import org.hotplugwq.cpu.CpuNotifier;
import org.hotplugwq.cpu.NotifyResult;

/** A notifier that logs {@code "name:ACTION:cpu"} into a shared list and answers a fixed result to prepares. */
final class RecordingNotifier implements CpuNotifier {
    private final String name;
    private final List<String> log;
    private volatile NotifyResult answerToPrepare = NotifyResult.OK;

    RecordingNotifier(String name, List<String> log) {
        this.name = name;
        this.log = log;
    }

    static List<String> newLog() {
        return new CopyOnWriteArrayList<>();
    }

    RecordingNotifier refusingPrepares() {
        answerToPrepare = NotifyResult.BAD;
        return this;
    }

    @Override
    public NotifyResult onCpuAction(CpuAction action, int cpu) {
        log.add(name + ":" + action + ":" + cpu);
        return action.isPrepare() ? answerToPrepare : NotifyResult.OK;
    }

    @Override
    public String toString() {
        return name;
    }
}
