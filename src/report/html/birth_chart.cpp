#include "report/html/birth_chart.h"

#include <fmt/format.h>

#include <algorithm>

#include "common/filetime.h"
#include "report/html/html_text.h"

namespace shellcarve::html {
namespace {

constexpr int kWidth = 960, kHeight = 300;
constexpr int kLeft = 56, kRight = 16, kTop = 34, kBottom = 46;
constexpr int kPlotWidth = kWidth - kLeft - kRight, kPlotHeight = kHeight - kTop - kBottom;

std::string day_of(uint64_t filetime) { return filetime_to_iso8601(filetime).substr(0, 10); }

struct Scale {
  uint64_t first = 0, span = 1;
  // x of a time, clamped to the plot; `outside` says when it was clamped.
  double x(uint64_t t, bool* outside = nullptr) const {
    const bool before = t < first, after = t > first + span;
    if (outside) *outside = before || after;
    if (before) return kLeft;
    if (after) return kLeft + kPlotWidth;
    return kLeft + static_cast<double>(t - first) / static_cast<double>(span) * kPlotWidth;
  }
};

}  // namespace

std::string render_birth_chart(const BirthHistogram& births, std::optional<uint64_t> patched_at,
                               const std::vector<ChartMark>& marks) {
  std::string svg = fmt::format(
      "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" role=\"img\" "
      "aria-label=\"births of server pages over time\">\n",
      kWidth, kHeight);
  if (births.counts.empty()) {
    svg += fmt::format("<text x=\"{}\" y=\"{}\">no births of server pages in timeline.jsonl</text>\n</svg>\n", kLeft,
                       kHeight / 2);
    return svg;
  }
  const size_t bins = births.counts.size();
  const Scale scale{births.first, births.bin_width * bins};
  const uint64_t peak = std::max<uint64_t>(1, *std::max_element(births.counts.begin(), births.counts.end()));
  std::vector<bool> bin_has_finding(bins, false);
  for (const ChartMark& mark : marks)
    if (mark.filetime >= births.first && mark.filetime < births.first + births.bin_width * bins)
      bin_has_finding[(mark.filetime - births.first) / births.bin_width] = true;

  // Axes: counts on the left (0 and the peak), days under the plot (first, middle, last).
  svg += fmt::format("<line class=\"axis\" x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\"/>\n", kLeft, kTop + kPlotHeight,
                     kLeft + kPlotWidth);
  svg += fmt::format("<line class=\"axis\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\"/>\n", kLeft, kTop,
                     kTop + kPlotHeight);
  svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n", kLeft - 6, kTop + 10, peak);
  svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">0</text>\n", kLeft - 6, kTop + kPlotHeight);
  const uint64_t end = births.first + births.bin_width * bins;
  svg += fmt::format("<text x=\"{}\" y=\"{}\">{}</text>\n", kLeft, kHeight - 26, day_of(births.first));
  svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n", kLeft + kPlotWidth / 2,
                     kHeight - 26, day_of(births.first + (end - births.first) / 2));
  svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n", kLeft + kPlotWidth, kHeight - 26,
                     day_of(end));
  svg += fmt::format("<text x=\"{}\" y=\"{}\">{} births ($FN creation, web roots) in {} bins of {} ticks (100 ns)</text>\n",
                     kLeft, kHeight - 8, births.births, bins, births.bin_width);

  const double bar = static_cast<double>(kPlotWidth) / static_cast<double>(bins);
  for (size_t i = 0; i < bins; ++i) {
    if (births.counts[i] == 0) continue;
    const double h = static_cast<double>(births.counts[i]) / static_cast<double>(peak) * kPlotHeight;
    const uint64_t from = births.first + births.bin_width * i;
    svg += fmt::format(
        "<rect class=\"{}\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\"><title>{} birth(s) from {} "
        "to {}</title></rect>\n",
        bin_has_finding[i] ? "bar bar-finding" : "bar", kLeft + bar * static_cast<double>(i) + 0.5,
        kTop + kPlotHeight - h, std::max(1.0, bar - 1.0), h, births.counts[i], filetime_to_iso8601(from),
        filetime_to_iso8601(from + births.bin_width));
  }
  if (patched_at) {
    bool outside = false;
    const double x = scale.x(*patched_at, &outside);
    svg += fmt::format(
        "<line class=\"patch\" x1=\"{0:.1f}\" y1=\"{1}\" x2=\"{0:.1f}\" y2=\"{2}\"><title>patched at {3}{4}</title></line>\n",
        x, kTop - 4, kTop + kPlotHeight, filetime_to_iso8601(*patched_at), outside ? " (outside the charted range)" : "");
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\">patch</text>\n", x, kTop - 8);
  }
  for (const ChartMark& mark : marks) {
    bool outside = false;
    const double x = scale.x(mark.filetime, &outside);
    svg += fmt::format(
        "<a href=\"#{}\"><path class=\"mark\" d=\"M {:.1f} {} l -5 -9 h 10 z\"><title>{} planted at {}{}</title></path></a>\n",
        attribute(mark.anchor), x, kTop + kPlotHeight - 1, attribute(mark.label), filetime_to_iso8601(mark.filetime),
        outside ? " (outside the charted range)" : "");
  }
  svg += "</svg>\n";
  return svg;
}

}  // namespace shellcarve::html
