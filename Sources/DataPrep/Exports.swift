// Data jobs report through the shared progress bar; their callers need not import it separately.
@_exported import Progress
