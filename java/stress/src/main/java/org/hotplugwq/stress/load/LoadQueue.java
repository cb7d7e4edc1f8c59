package org.hotplugwq.stress.load;

import org.hotplugwq.stress.verdict.Ledger;
import org.hotplugwq.workqueue.Workqueue;

/** A long-lived workqueue of the load, with its own pools of plain and delayed tickets. */
record LoadQueue(Workqueue wq, Ticket[] plain, Ticket[] delayed) {

    static LoadQueue of(Workqueue wq, Ledger ledger, int plain, int delayed, long spinNanos) {
        Ticket[] p = new Ticket[plain];
        for (int i = 0; i < plain; i++) {
            p[i] = new Ticket(ledger, false, spinNanos);
        }
        Ticket[] d = new Ticket[delayed];
        for (int i = 0; i < delayed; i++) {
            d[i] = new Ticket(ledger, true, spinNanos);
        }
        return new LoadQueue(wq, p, d);
    }
}
