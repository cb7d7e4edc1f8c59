/**
 * The report of a stress run, mapped from what was measured and judged (no verdict is made here):
 * {@link org.hotplugwq.stress.report.ReportBuilder} builds the {@link org.hotplugwq.stress.report.StressReport}
 * (report.json's keys) and the {@link org.hotplugwq.stress.report.Timeline}; the
 * {@link org.hotplugwq.stress.report.SummaryTable} on stdout, report.html and report.json are rendered from
 * them; {@link org.hotplugwq.stress.report.Wilson} gives the rates' intervals.
 */
package org.hotplugwq.stress.report;
