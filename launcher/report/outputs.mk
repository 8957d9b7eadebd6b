# The file reports (--junitxml, --report-log, --log-dir, --trace, --html): launcher/report/outputs.c
# and its pure helpers.  Included by the top Makefile, which adds
# OUTPUTS_SRC to LAUNCHER_SRC and OUTPUTS_CFLAGS to the compile flags.
#
# libxml2 (xmlTextWriter) builds the JUnit XML, cJSON the JSON lines and
# the trace events; the HTML page is plain escaped text.  We compile
# against their headers (included as system headers so that -Werror
# judges our code, not theirs) but do not link them: junit.c and cjson.c
# load them with dlopen (base/dynlib.c) when their option is given, so a
# worker, --version and a run without those reports never map libxml2,
# ICU, the C++ runtime or cJSON.  OUTPUTS_LIBS links them into the unit
# tests, which parse what the reports write.

OUTPUTS_SRC := report/outputs report/summary report/junit report/junit_cases report/jsonl \
	report/cjson report/trace report/html report/ctest_json

OUTPUTS_CFLAGS := $(patsubst -I%,-isystem %,\
	$(shell $(PKG_CONFIG) --cflags libxml-2.0 libcjson 2>/dev/null || \
		echo -I/usr/include/libxml2))
OUTPUTS_LIBS := $(shell $(PKG_CONFIG) --libs libxml-2.0 libcjson 2>/dev/null || \
	echo -lxml2 -lcjson)

# The schema the scenarios validate --junitxml files against.
OUTPUTS_XSD := tests/junit.xsd
