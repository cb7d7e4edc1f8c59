/**
 * The workqueue core: the 2007 kernel workqueue ({@link org.hotplugwq.workqueue.WorkqueueSystem},
 * {@link org.hotplugwq.workqueue.Workqueue}, {@link org.hotplugwq.workqueue.Work}) and the hotplug policies it runs
 * ({@link org.hotplugwq.workqueue.HotplugPolicy}; README, "The four hotplug policies"). It depends on the CPU
 * layer ({@code org.hotplugwq.cpu}) only.
 *
 * <h2>Locking</h2>
 *
 * <p>As kernel/workqueue.c does, every shared field carries a tag saying what guards it:
 * <ul>
 * <li>{@code [I]} immutable after construction (final fields are not tagged).</li>
 * <li>{@code [H]} the hotplug lock ({@code CpuHotplugCallback.hotplugLock}, the kernel's cpu_hotplug lock held by
 *     whoever runs the notifier chain): one hotplug callback of a system at a time. The policy strategies run
 *     under it.</li>
 * <li>{@code [M]} {@code WorkqueueSystem.workqueueMutex} ({@code workqueue_mutex}): the list of workqueues and
 *     {@code embryonic_cpu}. Since the seed it guards nothing else, so queue, flush and cancel never take it and a
 *     work function may create or destroy workqueues (S1). Nobody waits for a thread or a barrier while holding
 *     it.</li>
 * <li>{@code [L]} {@code Workqueue.lifecycle}: destroy against takeover's move of a dead CPU's work.</li>
 * <li>{@code [Q]} {@code CpuWorkqueue.lock} ({@code cwq->lock}): the queue's list, its current work,
 *     {@code should_stop}, the sleeping worker, the writes of {@code cwq->thread}, and the list fields of the
 *     works on it. A work names its queue ({@code Work.cwq}) before it is linked there, and {@code flush_work()}
 *     unlinks it only under the lock of the queue it names (see {@code Work.next}).</li>
 * <li>{@code [T]} the lock of {@code DelayedWorkTimer}: the timer heap and the timer fields of delayed works.</li>
 * <li>{@code [F]} the lock of {@code Freezer}: whether a worker is frozen.</li>
 * <li>{@code [W]} the lock of {@code Waits}: one wait-cycle check at a time (it reads only [V] fields); nothing is
 *     taken under it, and it is taken holding no other lock.</li>
 * <li>{@code [V]} volatile or atomic: read without a lock; the tag says who writes it, and under what.</li>
 * </ul>
 *
 * <p>Lock order: {@code H → M → Q}; {@code H → L → Q} (takeover); {@code T → Q} (a timer fires by queuing its
 * work under the timer lock, so a cancel that finds it disarmed knows it is on a queue). Two {@code Q} are held
 * together only by takeover, dead queue first, one callback at a time under {@code H}. Whatever waits — for a
 * barrier, a drain or a thread's exit — waits holding no {@code M} and no {@code Q}: a draining
 * {@code CPU_DEAD} (drain-sync, takeover) waits under {@code H} only. A worker wakes after its queue lock is
 * released ({@code unpark} outside {@code Q}), so it never runs straight into a held lock.
 */
package org.hotplugwq.workqueue;
