// Package docs compares API reference pages (read by package docpage) with
// the specs written from them, with themselves and with each other, and
// drafts specs from them.
//
// Every comparison goes through one model: an Operation of Fields, built
// from a page (FromPage) or from a spec operation (FromSpec), and one
// comparer (Compare) that lists their Differences. On top of it:
//
//   - Check reports where a page and the spec operation it documents
//     disagree, honouring the choices the spec records as deliberate
//     (x-specdrift-deviation, x-specdrift-completed-from);
//   - Lint reports where a page contradicts itself (its examples against its
//     own tables) and where pages of one service describe the same object
//     or parameter differently;
//   - Import drafts an OpenAPI document from pages, and Diff compares the
//     drafts of two versions of a page with the spec diff engine.
package docs
