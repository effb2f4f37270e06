"""HTTP routes: the pages of the browser client and the JSON endpoints behind them."""
