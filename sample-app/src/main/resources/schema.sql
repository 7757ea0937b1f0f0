-- The product catalog (H2 and PostgreSQL). No index on category or price: the search's
-- ranking subquery is meant to be slow, so that a cached search is visibly faster.
CREATE TABLE IF NOT EXISTS catalog_product (
    id          BIGINT         PRIMARY KEY,
    name        VARCHAR(200)   NOT NULL,
    category    VARCHAR(60)    NOT NULL,
    description VARCHAR(1000)  NOT NULL,
    price       DECIMAL(10, 2) NOT NULL,
    stock       INT            NOT NULL
);
