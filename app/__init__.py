"""The Streamlit app's own code: the frame's pieces (ui), chart builders (charts), UI strings (i18n)
and the list of pages (navigation). Pages live in views/; data comes from queries/; the domain
(schema, validation, snapshots) lives in grassroots/ and never imports this package."""
