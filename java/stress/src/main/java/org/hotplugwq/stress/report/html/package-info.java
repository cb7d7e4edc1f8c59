/**
 * The charts of {@code report.html}, each a function from the {@link org.hotplugwq.stress.report.Timeline} (or the
 * {@link org.hotplugwq.stress.report.StressReport}) to inline SVG: no script, nothing fetched, well-formed XML.
 */
package org.hotplugwq.stress.report.html;
