from . import statement_report
