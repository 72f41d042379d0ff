// Loaded before decap-cms.js: Decap starts only when lgnetea-cms.js has registered everything
// (CMS.init() at its end). Started on its own, Decap could read its Italian texts before ours
// were registered, depending on which file the browser had downloaded first.
window.CMS_MANUAL_INIT = true;
